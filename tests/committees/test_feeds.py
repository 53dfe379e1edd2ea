import xml.etree.ElementTree as ET

import pytest

from tests.committees.factories import MeetingFactory, helsinki, upcoming
from tests.factories import CommitteeFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root


def entries(root):
    return root.findall(f"{ATOM}entry")


def test_meeting_feed_is_atom_with_one_entry_per_published_meeting(client):
    committee = CommitteeFactory(slug="valkeala", name="Valkealan aluetoimikunta")
    meeting = MeetingFactory(
        committee=committee,
        starts_at=helsinki(2030, 2, 3, 18),
        ends_at=helsinki(2030, 2, 3, 20),
        agenda="1. Avaus & <b>tervetuloa</b>",
        minutes="Päätettiin.",
    )
    MeetingFactory(committee=committee, is_published=False)

    root = parse(client.get("/kokoukset/syote.atom"))
    assert root.findtext(f"{ATOM}title") == "Kouvolan aluetoimikuntien kokoukset"
    (entry,) = entries(root)
    assert entry.findtext(f"{ATOM}title") == "Valkealan aluetoimikunta: kokous 3.2.2030 18.00"
    assert entry.findtext(f"{ATOM}id") == f"tag:aluetoimikunnat.kouvola.fi,2026:kokous-{meeting.pk}"
    link = entry.find(f"{ATOM}link").get("href")
    assert link == "http://testserver" + meeting.get_absolute_url()
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    # The staff's text is escaped once inside the HTML summary: no markup gets through.
    assert "&lt;b&gt;tervetuloa&lt;/b&gt;" in summary.text
    assert "<b>" not in summary.text
    assert "Pöytäkirja on luettavissa." in summary.text
    assert entry.find(f"{ATOM}category").get("term") == "Valkealan aluetoimikunta"
    assert entry.findtext(f"{ATOM}updated")


def test_committee_feed_has_only_its_meetings(client):
    ours = upcoming(committee=CommitteeFactory(slug="valkeala"))
    upcoming(committee=CommitteeFactory())
    root = parse(client.get("/aluetoimikunnat/valkeala/kokoukset.atom"))
    assert [e.find(f"{ATOM}link").get("href") for e in entries(root)] == [
        "http://testserver" + ours.get_absolute_url()
    ]
    assert client.get("/aluetoimikunnat/ei-ole/kokoukset.atom").status_code == 404


@pytest.mark.parametrize("count", [3, 30])
def test_feed_query_budget(client, django_assert_max_num_queries, count):
    committee = CommitteeFactory()
    for _ in range(count):
        upcoming(committee=committee)
    with django_assert_max_num_queries(2):
        assert len(entries(parse(client.get("/kokoukset/syote.atom")))) == count
