"""
The platform gives one kind of signal (``kouvola_alue.events.PublicEvent``); each domain app
declares its own events, and a receiver hears one only after the announcing transaction has
committed, never of a rolled-back change.
"""

import pytest
from django.db import transaction

from committees.events import meeting_published, minutes_published
from kouvola_alue.events import PublicEvent
from projects.events import idea_published, idea_status_changed
from recruitment.events import campaign_opened

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def heard():
    """A throwaway event, declared as an app declares one, and what its receiver heard."""
    event = PublicEvent("space_opened", topic="spaces")
    happenings = []

    def receiver(sender, *, happening, **kwargs):
        happenings.append(happening)

    event.connect(receiver, weak=False)
    return event, happenings


def test_a_new_event_needs_only_its_declaration_and_a_receiver(heard):
    event, happenings = heard
    with transaction.atomic():
        event.announce(committee_ids=[3, 4], object_id=7, detail=12)
        assert happenings == []  # not before the commit
    (happening,) = happenings
    assert (happening.kind, happening.topic, happening.committee_ids) == (
        "space_opened",
        "spaces",
        (3, 4),
    )
    assert happening.key == "space_opened:7:12"


def test_a_rolled_back_announcement_is_never_heard(heard):
    event, happenings = heard
    with pytest.raises(RuntimeError), transaction.atomic():
        event.announce(committee_ids=[1], object_id=1)
        raise RuntimeError
    assert happenings == []


def test_an_announcement_without_areas_reaches_no_one(heard):
    event, happenings = heard
    event.announce(committee_ids=[], object_id=1)
    assert happenings == []


def test_each_app_declares_its_own_events_under_its_own_topic():
    declared = {
        event.kind: event.topic
        for event in (
            meeting_published,
            minutes_published,
            idea_published,
            idea_status_changed,
            campaign_opened,
        )
    }
    assert declared == {
        "meeting_published": "meetings",
        "minutes_published": "meetings",
        "idea_published": "ideas",
        "idea_status_changed": "ideas",
        "campaign_opened": "recruitment",
    }
