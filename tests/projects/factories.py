import factory
from django.utils import timezone

from projects.models import ProjectIdea
from tests.factories import CommitteeFactory, GoalFactory  # noqa: F401 – re-exported


class ProjectIdeaFactory(factory.django.DjangoModelFactory):
    """A published idea of one new committee; pass ``committees=[...]`` and ``goals=[...]``."""

    class Meta:
        model = ProjectIdea
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Hankeidea {n}")
    slug = factory.Sequence(lambda n: f"hankeidea-{n}")
    summary = factory.LazyAttribute(lambda o: f"Tiivistelmä: {o.title}.")
    year = 2024
    moderation = ProjectIdea.Moderation.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    proposer_name = "Maija Ehdottaja"
    proposer_email = "maija@example.invalid"

    @factory.post_generation
    def committees(self, create, extracted, **kwargs):
        if create:
            self.committees.set(extracted if extracted is not None else [CommitteeFactory()])

    @factory.post_generation
    def goals(self, create, extracted, **kwargs):
        if create and extracted:
            self.goals.set(extracted)


class PendingIdeaFactory(ProjectIdeaFactory):
    moderation = ProjectIdea.Moderation.PENDING
    published_at = None


class RejectedIdeaFactory(PendingIdeaFactory):
    moderation = ProjectIdea.Moderation.REJECTED
    moderation_note = "Idea on jo toteutettu toisaalla."
