"""Followers hear of checked minutes with the titles of what was decided."""

import pytest
from django.utils import timezone

from committees.meeting_services import (
    agenda_add_standard_items,
    agenda_item_create,
    agenda_item_update,
    meeting_publish_minutes,
)
from following.staff_todo import meetings_without_minutes
from tests.committees.factories import past

pytestmark = pytest.mark.django_db


def test_the_minutes_mail_lists_the_decisions_titles(
    valkeala, confirmed, outbox, django_capture_on_commit_callbacks
):
    confirmed("kokoukset@example.fi")
    meeting = past(committee=valkeala)
    agenda_add_standard_items(meeting=meeting)
    for title in ("Kylätalon katto", "Uimarannan laituri"):
        item = agenda_item_create(meeting=meeting, title=title)
        agenda_item_update(item=item, decision="Hyväksyttiin.")
    agenda_item_create(meeting=meeting, title="Ei päätöstä vielä")
    with django_capture_on_commit_callbacks(execute=True):
        meeting_publish_minutes(meeting=meeting)
    (message,) = outbox
    assert message.subject.startswith("Valkealan aluetoimikunta: Pöytäkirja julkaistu:")
    body = message.body
    assert "Päätökset:\n  § 5 Kylätalon katto\n  § 6 Uimarannan laituri\n" in body
    assert "Ei päätöstä vielä" not in body
    assert "Kokouksen avaus" not in body
    # Checked again: told once.
    with django_capture_on_commit_callbacks(execute=True):
        meeting_publish_minutes(meeting=meeting)
    assert len(outbox) == 1


def test_checked_minutes_are_no_longer_a_staff_task(valkeala):
    meeting = past(committee=valkeala, days_ago=20)
    agenda_item_create(meeting=meeting, title="Laituri")
    assert [p.key for p in meetings_without_minutes(timezone.now())] == [
        f"minutes-missing:{meeting.pk}"
    ]
    meeting_publish_minutes(meeting=meeting)
    assert meetings_without_minutes(timezone.now()) == []
