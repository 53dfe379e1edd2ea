"""The Atom feed of published project ideas, read with an XML parser."""

import datetime
import gzip

import pytest
from django.test import Client
from django.utils import timezone

from projects.models import ProjectIdea
from projects.services import idea_publish, idea_update
from tests.projects.factories import PendingIdeaFactory, ProjectIdeaFactory, RejectedIdeaFactory
from tests.support import ATOM, assert_rfc4287, entries, parse

pytestmark = pytest.mark.django_db

FEED = "/hankkeet/syote.atom"


def test_feed_has_one_entry_per_published_idea_newest_first(client, areas):
    older = ProjectIdeaFactory(
        slug="kylakirjasto",
        title="Kyläkirjasto",
        summary="Kirjasto & lukunurkka <kylälle>.",
        description="<p>Lue <strong>lisää</strong>.</p><script>alert(1)</script>",
        committees=[areas["valkeala"], areas["anjalankoski"]],
        status="carried_out",
        published_at=datetime.datetime(2025, 1, 2, 10, tzinfo=datetime.UTC),
    )
    newer = ProjectIdeaFactory(
        slug="penkit",
        title="Penkit",
        committees=[areas["keskusta"]],
        published_at=datetime.datetime(2025, 6, 2, 10, tzinfo=datetime.UTC),
    )
    PendingIdeaFactory(title="Odottava idea", committees=[areas["valkeala"]])
    RejectedIdeaFactory(title="Hylätty idea", committees=[areas["valkeala"]])

    response = client.get(FEED)
    root = parse(response)
    assert root.findtext(f"{ATOM}title") == "Kouvolan aluetoimikuntien hankeideat"
    assert root.find(f"{ATOM}link[@rel='alternate']").get("href") == ("http://testserver/hankkeet/")
    assert [e.findtext(f"{ATOM}title") for e in entries(root)] == ["Penkit", "Kyläkirjasto"]
    entry = entries(root)[1]
    assert (
        entry.findtext(f"{ATOM}id") == f"tag:aluetoimikunnat.kouvola.fi,2026:hankeidea-{older.pk}"
    )
    assert entry.find(f"{ATOM}link").get("href") == "http://testserver/hankkeet/kylakirjasto/"
    assert entry.findtext(f"{ATOM}published").startswith("2025-01-02T")
    categories = {c.get("term") for c in entry.findall(f"{ATOM}category")}
    assert categories == {a.name for a in (areas["valkeala"], areas["anjalankoski"])}
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    # The HTML the feed reader gets: plain text escaped, the description sanitised.
    assert "<p>Kirjasto &amp; lukunurkka &lt;kylälle&gt;.</p>" in summary.text
    assert "<strong>lisää</strong>" in summary.text
    assert "Tila: toteutettu" in summary.text and "Valkeala" in summary.text
    assert "<script" not in summary.text
    body = response.content.decode()
    for secret in ("Odottava", "Hylätty", "Maija", "maija@example.invalid", "toteutettu toisaalla"):
        assert secret not in body
    assert newer.get_absolute_url() in body


def test_empty_feed_is_valid(client):
    assert entries(parse(client.get(FEED))) == []


def test_feed_in_english(client, areas):
    ProjectIdeaFactory(title="Kirjasto", title_en="Library", committees=[areas["valkeala"]])
    root = parse(client.get("/en" + FEED))
    assert root.findtext(f"{ATOM}title") == "Project ideas of Kouvola's area committees"
    assert [e.findtext(f"{ATOM}title") for e in entries(root)] == ["Library"]
    # A feed of its own: not the Finnish feed's id.
    assert root.findtext(f"{ATOM}id") == "tag:aluetoimikunnat.kouvola.fi,2026:hankeideat-en"
    assert parse(client.get(FEED)).findtext(f"{ATOM}id") == (
        "tag:aluetoimikunnat.kouvola.fi,2026:hankeideat"
    )


def test_idea_list_links_the_feed(client, areas):
    page = client.get("/hankkeet/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml" href="/hankkeet/syote.atom"' in page
    assert '<a href="/hankkeet/syote.atom" type="application/atom+xml">' in page


@pytest.mark.parametrize("count", [3, 30])
def test_feed_query_budget(client, areas, goals, django_assert_max_num_queries, count):
    for _ in range(count):
        ProjectIdeaFactory(
            committees=[areas["valkeala"], areas["keskusta"]], goals=[goals["osallisuus"]]
        )
        PendingIdeaFactory(committees=[areas["valkeala"]])
    # The ideas, and the version of their cache scope (the ETag).
    with django_assert_max_num_queries(3):
        assert len(entries(parse(client.get(FEED)))) == count


def test_idea_feed_satisfies_rfc4287_with_a_permanent_id(client, areas):
    idea = ProjectIdeaFactory(committees=[areas["valkeala"]])
    one = parse(client.get(FEED, HTTP_HOST="localhost"))
    other = parse(client.get(FEED, HTTP_HOST="127.0.0.1"))
    for root in (one, other):
        assert_rfc4287(root)
        assert root.findtext(f"{ATOM}id") == "tag:aluetoimikunnat.kouvola.fi,2026:hankeideat"
        assert root.find(f"{ATOM}author").findtext(f"{ATOM}name") == "Kouvolan kaupunki"
        assert "https://creativecommons.org/licenses/by/4.0/" in root.findtext(f"{ATOM}rights")
        assert [e.findtext(f"{ATOM}id") for e in entries(root)] == [
            f"tag:aluetoimikunnat.kouvola.fi,2026:hankeidea-{idea.pk}"
        ]


def test_idea_feed_answers_304_until_an_idea_changes(
    client, areas, django_capture_on_commit_callbacks
):
    idea = ProjectIdeaFactory(title="Penkit", committees=[areas["valkeala"]])
    etag = client.get(FEED)["ETag"]
    assert client.get(FEED, HTTP_IF_NONE_MATCH=etag).status_code == 304
    # As staff change it, committed: the ideas' cache scope gets a new version.
    with django_capture_on_commit_callbacks(execute=True):
        idea_update(idea=idea, title="Penkit ja roska-astiat")
    after = client.get(FEED, HTTP_IF_NONE_MATCH=etag)
    assert after.status_code == 200
    assert [e.findtext(f"{ATOM}title") for e in entries(parse(after))] == ["Penkit ja roska-astiat"]


def test_home_page_links_both_feeds_for_readers_to_find(client):
    page = client.get("/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml" href="/kokoukset/syote.atom"' in page
    assert '<link rel="alternate" type="application/atom+xml" href="/hankkeet/syote.atom"' in page


def test_gzip_on_feeds_and_plain_pages_but_never_with_a_csrf_token(client, clerk, areas):
    ProjectIdeaFactory(committees=[areas["valkeala"]])
    packed = client.get(FEED, HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content).startswith(b"<?xml")
    listing = client.get("/hankkeet/", HTTP_ACCEPT_ENCODING="gzip")
    assert listing["Content-Encoding"] == "gzip"

    # A form carries a CSRF token; compressed next to text a visitor chose, its length would
    # give the token away (BREACH), so the form page is sent as it is.
    form = client.get("/hankkeet/ehdota/", HTTP_ACCEPT_ENCODING="gzip")
    assert form.status_code == 200
    assert "Content-Encoding" not in form
    assert b'name="csrfmiddlewaretoken"' in form.content
    # Nor is anything a signed-in clerk sees.
    staff_client = Client()
    staff_client.force_login(clerk)
    staff = staff_client.get("/hankkeet/", HTTP_ACCEPT_ENCODING="gzip")
    assert staff.status_code == 200 and "Content-Encoding" not in staff


def test_publishing_an_older_proposal_keeps_updated_after_published(client, areas):
    """idea_publish writes with QuerySet.update(), which leaves auto_now's field alone."""
    idea = PendingIdeaFactory(committees=[areas["valkeala"]])
    ProjectIdea.objects.filter(pk=idea.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=3)
    )
    idea_publish(idea=ProjectIdea.objects.get(pk=idea.pk))
    (entry,) = entries(parse(client.get(FEED)))
    published = datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}published"))
    updated = datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
    assert updated >= published
