"""Search finds agenda items by their titles and proposals, and decisions once they are public."""

import pytest
from django.core.cache import cache, caches

from committees.meeting_services import (
    agenda_item_create,
    agenda_item_update,
    meeting_publish_minutes,
)
from committees.models import AgendaItem
from tests.committees.factories import past
from tests.factories import CommitteeFactory

pytestmark = pytest.mark.django_db


def found(client, q):
    # Each search a fresh one: the results are kept in the shared cache by version.
    cache.clear()
    caches["pages"].clear()
    response = client.get("/haku/", {"q": q})
    assert response.status_code == 200
    return [(r.title, r.url) for r in response.context["results"]]


@pytest.fixture
def item(db):
    committee = CommitteeFactory(name="Valkealan aluetoimikunta", slug="valkeala")
    meeting = past(committee=committee)
    item = agenda_item_create(
        meeting=meeting, title="Uimarannan laituri", proposal="Ehdotetaan laiturin korjausta."
    )
    return agenda_item_update(item=item, decision="Myönnettiin avustus saunalautalle.")


def test_an_item_is_found_by_its_title_and_its_decision_only_once_public(client, item):
    (hit,) = found(client, "laituri")
    assert hit[0].startswith("§ 1 Uimarannan laituri – Valkealan aluetoimikunta ")
    assert hit[1] == f"/kokoukset/{item.meeting_id}/#pykala-1"
    assert found(client, "saunalautalle") == []
    meeting_publish_minutes(meeting=item.meeting)
    assert [title for title, _url in found(client, "saunalautalle")] == [hit[0]]
    # Once the minutes are public the item is a decision, found once.
    assert len(found(client, "laituri")) == 1


def test_the_items_of_an_unpublished_meeting_are_not_found(client, item):
    type(item.meeting).objects.filter(pk=item.meeting_id).update(is_published=False)
    assert found(client, "laituri") == []


@pytest.mark.postgresql
def test_the_stored_vector_takes_the_decision_in_when_the_minutes_are_published(client, item):
    AgendaItem.objects.filter(pk=item.pk).update(decision="Päätettiin rakentaa kylpytynnyri.")
    assert found(client, "kylpytynnyri") == []
    meeting_publish_minutes(meeting=item.meeting)
    assert len(found(client, "kylpytynnyri")) == 1
