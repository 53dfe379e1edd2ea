import gzip

import pytest
from django.utils import timezone

from committees.services import meeting_save
from tests.committees.factories import MeetingFactory, helsinki, upcoming
from tests.factories import CommitteeFactory
from tests.support import ATOM, assert_rfc4287, entries, parse

pytestmark = pytest.mark.django_db

NEXT_YEAR = timezone.localdate().year + 1


def test_meeting_feed_is_atom_with_one_entry_per_published_meeting(client):
    committee = CommitteeFactory(slug="valkeala", name="Valkealan aluetoimikunta")
    meeting = MeetingFactory(
        committee=committee,
        starts_at=helsinki(NEXT_YEAR, 2, 3, 18),
        ends_at=helsinki(NEXT_YEAR, 2, 3, 20),
        agenda="1. Avaus & <b>tervetuloa</b>",
        minutes="Päätettiin.",
    )
    MeetingFactory(committee=committee, is_published=False)

    root = parse(client.get("/kokoukset/syote.atom"))
    assert root.findtext(f"{ATOM}title") == "Kouvolan aluetoimikuntien kokoukset"
    (entry,) = entries(root)
    assert (
        entry.findtext(f"{ATOM}title") == f"Valkealan aluetoimikunta: kokous 3.2.{NEXT_YEAR} 18.00"
    )
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
    # The meetings, and the version of their cache scope (the ETag).
    with django_assert_max_num_queries(3):
        assert len(entries(parse(client.get("/kokoukset/syote.atom")))) == count


def test_meeting_feeds_have_an_author_rights_and_valid_entries(client):
    committee = CommitteeFactory(slug="valkeala")
    upcoming(committee=committee)
    upcoming(committee=committee, is_cancelled=True)
    for url in ("/kokoukset/syote.atom", "/aluetoimikunnat/valkeala/kokoukset.atom"):
        root = parse(client.get(url))
        assert_rfc4287(root)
        assert len(entries(root)) == 2
        author = root.find(f"{ATOM}author")
        assert author.findtext(f"{ATOM}name") == "Kouvolan kaupunki"
        assert author.findtext(f"{ATOM}uri") == "https://www.kouvola.fi/"
        rights = root.findtext(f"{ATOM}rights")
        assert "CC BY 4.0" in rights
        assert "https://creativecommons.org/licenses/by/4.0/" in rights


def test_an_empty_feed_is_valid_and_the_same_twice(client):
    CommitteeFactory(slug="valkeala")
    first = client.get("/aluetoimikunnat/valkeala/kokoukset.atom")
    assert_rfc4287(parse(first))
    assert entries(parse(first)) == []
    # No "now" in an empty feed, so its ETag holds.
    assert client.get("/aluetoimikunnat/valkeala/kokoukset.atom").content == first.content


def test_feed_and_entry_ids_do_not_depend_on_the_host(client):
    committee = CommitteeFactory(slug="valkeala")
    meeting = upcoming(committee=committee)
    for url, feed_id in (
        ("/kokoukset/syote.atom", "tag:aluetoimikunnat.kouvola.fi,2026:kokoukset"),
        (
            "/aluetoimikunnat/valkeala/kokoukset.atom",
            "tag:aluetoimikunnat.kouvola.fi,2026:kokoukset-valkeala",
        ),
    ):
        one = parse(client.get(url, HTTP_HOST="localhost"))
        other = parse(client.get(url, HTTP_HOST="127.0.0.1"))
        # The links follow the host the reader used; the ids never do.
        assert one.find(f"{ATOM}link[@rel='self']").get("href").startswith("http://localhost/")
        assert other.find(f"{ATOM}link[@rel='self']").get("href").startswith("http://127.0.0.1/")
        assert one.findtext(f"{ATOM}id") == other.findtext(f"{ATOM}id") == feed_id
        assert [e.findtext(f"{ATOM}id") for e in entries(one)] == [
            e.findtext(f"{ATOM}id") for e in entries(other)
        ]
        assert entries(one)[0].findtext(f"{ATOM}id") == (
            f"tag:aluetoimikunnat.kouvola.fi,2026:kokous-{meeting.pk}"
        )


def test_feed_answers_304_until_a_meeting_changes(client, django_capture_on_commit_callbacks):
    meeting = upcoming(committee=CommitteeFactory())
    first = client.get("/kokoukset/syote.atom")
    etag = first["ETag"]
    # Django's feeds send a Last-Modified from the entries' dates; it would not move when a
    # meeting is unpublished, so the ETag is the only validator.
    assert "Last-Modified" not in first
    repeat = client.get("/kokoukset/syote.atom", HTTP_IF_NONE_MATCH=etag)
    assert repeat.status_code == 304 and repeat.content == b""

    meeting.is_published = False
    # The ETag is the version of the meetings' cache scope, which changes on commit.
    with django_capture_on_commit_callbacks(execute=True):
        meeting_save(meeting=meeting)
    after = client.get("/kokoukset/syote.atom", HTTP_IF_NONE_MATCH=etag)
    assert after.status_code == 200 and after["ETag"] != etag
    assert entries(parse(after)) == []


def test_feed_is_compressed_when_the_client_accepts_it(client):
    upcoming(committee=CommitteeFactory())
    plain = client.get("/kokoukset/syote.atom")
    packed = client.get("/kokoukset/syote.atom", HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
