"""Open data: the items with their decisions, and who was at each meeting."""

import csv
import io
import json

import pytest

from committees.meeting_services import (
    agenda_item_create,
    agenda_item_update,
    attendance_record,
    meeting_publish_minutes,
    other_attendee_add,
)
from tests.committees.factories import past, upcoming
from tests.factories import CommitteeFactory, roster

pytestmark = pytest.mark.django_db


def records(client, slug):
    response = client.get(f"/avoin-data/{slug}.json")
    assert response.status_code == 200
    return json.loads(response.getvalue())["records"]


def test_items_carry_their_decision_only_once_the_minutes_are_public(
    client, django_capture_on_commit_callbacks
):
    valkeala = CommitteeFactory(slug="valkeala")
    held = past(committee=valkeala)
    item = agenda_item_create(meeting=held, title="Laituri", proposal="Korjataan.")
    agenda_item_update(item=item, decision="Hyväksyttiin.")
    agenda_item_create(meeting=upcoming(committee=valkeala), title="Tuleva")
    agenda_item_create(meeting=past(committee=valkeala, is_published=False), title="Salainen")
    first, coming = records(client, "asiakohdat")
    assert (first["title"], first["decided"], first["decision"]) == ("Laituri", False, "")
    assert coming["title"] == "Tuleva"
    # Committed, as in the admin: the downloads' cache forgets the meetings' scope on commit.
    with django_capture_on_commit_callbacks(execute=True):
        meeting_publish_minutes(meeting=held)
    first = records(client, "asiakohdat")[0]
    assert (first["decided"], first["decision"], first["number"]) == (True, "Hyväksyttiin.", 1)
    assert first["url"].endswith(f"/kokoukset/{held.pk}/#pykala-1")
    response = client.get("/avoin-data/asiakohdat.csv")
    header = next(csv.reader(io.StringIO(response.getvalue().decode("utf-8")[1:])))
    assert header[:4] == ["meeting_id", "committee", "meeting_starts_at", "number"]


def test_attendance_is_open_once_the_minutes_are_published(
    client, committee, term, django_capture_on_commit_callbacks
):
    members, deputies = roster(committee, term, members=7, deputies=1)
    meeting = past(committee=committee)
    attendance_record(meeting=meeting, membership=members[1], status="remote")
    attendance_record(meeting=meeting, membership=deputies[0], status="substituting")
    other_attendee_add(meeting=meeting, name="Sari Sihteeri", role="sihteeri")
    assert records(client, "lasnaolot") == []
    with django_capture_on_commit_callbacks(execute=True):
        meeting_publish_minutes(meeting=meeting)
    rows = records(client, "lasnaolot")
    substitute = next(r for r in rows if r["status"] == "substituting")
    assert substitute["substitutes_for"] == str(members[0].person)
    assert substitute["kind"] == "deputy"
    assert {"kind": "other", "last_name": "Sari Sihteeri", "role": "sihteeri"}.items() <= rows[
        -1
    ].items()
    # Nothing but names, seats and attendance: no e-mail or other contact.
    assert set(rows[0]) == {
        "meeting_id",
        "committee",
        "meeting_starts_at",
        "first_name",
        "last_name",
        "kind",
        "role",
        "status",
        "substitutes_for",
    }


def test_the_catalogue_and_the_page_list_the_new_datasets(client):
    page = client.get("/avoin-data/").content.decode()
    assert 'href="/avoin-data/asiakohdat.csv"' in page
    assert 'href="/avoin-data/lasnaolot.json"' in page
    assert "Asiakohdat ja päätökset" in page
