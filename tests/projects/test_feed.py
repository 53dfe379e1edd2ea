"""The Atom feed of published project ideas, read with an XML parser."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from tests.projects.factories import PendingIdeaFactory, ProjectIdeaFactory, RejectedIdeaFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
FEED = "/hankkeet/syote.atom"


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root


def entries(root):
    return root.findall(f"{ATOM}entry")


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
    with django_assert_max_num_queries(2):
        assert len(entries(parse(client.get(FEED)))) == count
