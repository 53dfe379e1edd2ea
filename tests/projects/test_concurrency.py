import contextlib
import threading
import types

import pytest

from kouvola_alue.mailqueue import outbox
from kouvola_alue.mailqueue.models import Mail
from projects import services
from projects.models import ProjectIdea
from tests.factories import CommitteeFactory
from tests.projects.factories import PendingIdeaFactory
from tests.support import run_concurrently


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_proposals_with_the_same_title_at_once_both_get_their_own_address(monkeypatch):
    committee = CommitteeFactory()
    original = services.unique_idea_slug
    both_chose = threading.Barrier(2, timeout=10)
    calls = []

    def choose_then_wait(title):
        # Both transactions pick the same free address before either inserts it.
        slug = original(title)
        calls.append(slug)
        if len(calls) <= 2:
            both_chose.wait()
        return slug

    monkeypatch.setattr(services, "unique_idea_slug", choose_then_wait)

    def propose():
        services.idea_propose(
            title="Sama idea",
            summary="S",
            description="",
            committees=[committee],
            goals=[],
            proposer_name="N",
            proposer_email="n@example.invalid",
        )

    run_concurrently(propose, [(), ()])
    assert sorted(ProjectIdea.objects.values_list("slug", flat=True)) == [
        "sama-idea",
        "sama-idea-2",
    ]
    assert calls[:2] == ["sama-idea", "sama-idea"]


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_proposal_rejected_by_two_clerks_at_once_tells_its_proposer_once(monkeypatch):
    idea = PendingIdeaFactory(proposer_email="maija@example.invalid")
    told = []
    # What each clerk's transaction queues for the worker once it commits.
    monkeypatch.setattr(
        outbox,
        "send_mail",
        types.SimpleNamespace(enqueue=lambda mail_id: told.append(mail_id)),
    )
    both_looked = threading.Barrier(2, timeout=3)

    class ClerksIdea:
        """The idea as each clerk's request holds it; waits for the other clerk once."""

        def __init__(self):
            self.pk, self.proposer_email = idea.pk, idea.proposer_email
            self.moderation, self._note, self._waited = idea.moderation, "", False

        @property
        def moderation_note(self):
            # Read by idea_reject once it has looked at the idea's moderation state: both
            # clerks get this far before either writes, unless the first one locks the row.
            if not self._waited:
                self._waited = True
                with contextlib.suppress(threading.BrokenBarrierError):
                    both_looked.wait()
            return self._note

        @moderation_note.setter
        def moderation_note(self, value):
            self._note = value

    def reject():
        services.idea_reject(idea=ClerksIdea(), note="Vastaava hanke on jo käynnissä.")

    run_concurrently(reject, [(), ()])
    assert ProjectIdea.objects.get(pk=idea.pk).moderation == ProjectIdea.Moderation.REJECTED
    messages = list(idea.proposer_messages.values_list("pk", flat=True))
    assert list(Mail.objects.filter(pk__in=told).values_list("object_id", flat=True)) == messages
    assert len(told) == 1
