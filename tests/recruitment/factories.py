import datetime
import time

import factory
from django.utils import timezone

from committees.models import Term
from kouvola_alue import abuse
from recruitment.models import Application, Campaign
from tests.factories import CommitteeFactory, TermFactory


def next_term():
    """The term that begins next January: the usual term a campaign recruits for."""
    year = timezone.localdate().year + 1
    term = Term.objects.filter(starts_on=datetime.date(year, 1, 1)).first()
    return term or TermFactory(starts_on=datetime.date(year, 1, 1))


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Jäsenhaku {n}")
    slug = factory.Sequence(lambda n: f"haku-{n}")
    term = factory.LazyFunction(next_term)
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=7))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    council_meeting_on = factory.LazyAttribute(
        lambda o: o.closes_on + datetime.timedelta(days=30) if o.closes_on else None
    )

    @factory.post_generation
    def committees(self, create, extracted, **kwargs):
        if create and extracted:
            self.committees.set(extracted)


def open_campaign(*committees, **kwargs):
    committees = committees or (CommitteeFactory(),)
    return CampaignFactory(committees=committees, **kwargs)


def closed_campaign(*committees, days_ago=30, **kwargs):
    today = timezone.localdate()
    return CampaignFactory(
        committees=committees,
        opens_on=today - datetime.timedelta(days=days_ago + 30),
        closes_on=today - datetime.timedelta(days=days_ago),
        **kwargs,
    )


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    campaign = factory.SubFactory(CampaignFactory)
    committee = factory.SubFactory(CommitteeFactory)
    first_name = "Maija"
    last_name = factory.Sequence(lambda n: f"Hakija{n}")
    email = factory.Sequence(lambda n: f"hakija{n}@example.fi")
    district = "Myllykoski"
    age_group = Application.AgeGroup.FROM_30_TO_49
    background = "Kyläyhdistyksen sihteeri."
    motivation = "Haluan kehittää kylää."


def aged_token(seconds=10):
    """A fresh form stamp, as if the form had been shown ``seconds`` ago."""
    return abuse.form_stamp(issued_at=time.time() - seconds)


def application_data(committee, **overrides):
    """A complete, valid post of the application form."""
    data = {
        "first_name": "Maija",
        "last_name": "Meikäläinen",
        "email": "maija.meikalainen@example.fi",
        "phone": "040 123 4567",
        "district": "Myllykoski",
        "age_group": Application.AgeGroup.FROM_30_TO_49,
        "committee": committee.pk,
        "background": "Kyläyhdistyksen sihteeri ja liikuntaseuran valmentaja.",
        "motivation": "Haluan, että kylän nuorilla on paikka kokoontua.",
        "willing_to_be_deputy": "on",
        "privacy_notice": "on",
        "website": "",
        "rendered_at": aged_token(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
