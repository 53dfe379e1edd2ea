"""An idea's page says where it was handled (Käsitelty: … § 5) and what was decided."""

import datetime

import pytest

from committees.meeting_services import (
    agenda_add_standard_items,
    agenda_item_create,
    agenda_item_update,
    meeting_publish_minutes,
)
from projects import services
from projects.models import ProjectIdea
from tests.committees.factories import HELSINKI, MeetingFactory, upcoming
from tests.factories import CommitteeFactory
from tests.projects.factories import ProjectIdeaFactory
from tests.support import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def valkeala(db):
    return CommitteeFactory(name="Valkealan aluetoimikunta", slug="valkeala")


def test_the_idea_page_shows_the_item_that_handled_it_and_the_decision(client, valkeala):
    start = datetime.datetime(2026, 12, 1, 18, tzinfo=HELSINKI)
    meeting = MeetingFactory(committee=valkeala, starts_at=start)
    agenda_add_standard_items(meeting=meeting)
    item = agenda_item_create(meeting=meeting, title="Kylätalon esteetön sisäänkäynti")
    agenda_item_update(item=item, decision="Hanke hyväksyttiin toteutettavaksi.")
    idea = ProjectIdeaFactory(committees=[valkeala])
    services.idea_update(idea=idea, status=ProjectIdea.Status.IN_PROGRESS, status_agenda_item=item)
    page = visible_text(client.get(idea.get_absolute_url()))
    assert "Käsitelty: Valkealan aluetoimikunta 1.12.2026 § 5" in page
    # The decision waits for the checked minutes.
    assert "Hanke hyväksyttiin toteutettavaksi." not in page
    meeting_publish_minutes(meeting=meeting)
    page = visible_text(client.get(idea.get_absolute_url()))
    assert "Päätös: Hanke hyväksyttiin toteutettavaksi." in page
    assert "päätetty Valkealan aluetoimikunta 1.12.2026 § 5" in page
    html = client.get(idea.get_absolute_url()).content.decode()
    assert f'href="/kokoukset/{meeting.pk}/#pykala-5"' in html


def test_a_coming_meeting_is_on_the_agenda_and_an_unpublished_one_is_not_shown(client, valkeala):
    coming = upcoming(committee=valkeala)
    hidden = upcoming(committee=valkeala, is_published=False)
    idea = ProjectIdeaFactory(committees=[valkeala])
    services.idea_update(
        idea=idea,
        agenda_items=[
            agenda_item_create(meeting=coming, title="Ideat"),
            agenda_item_create(meeting=hidden, title="Salainen"),
        ],
    )
    page = visible_text(client.get(idea.get_absolute_url()))
    assert "Esityslistalla: Valkealan aluetoimikunta" in page
    assert "Salainen" not in page
