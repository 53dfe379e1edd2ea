"""
Published project ideas in the site search and the open data. The search tests run on
whichever database the suite runs on: CI runs them on PostgreSQL and SQLite.
"""

import csv
import datetime
import io
import json

import pytest

from kouvola_alue import registry
from portal import search
from projects.models import StatusChange
from tests.projects.factories import (
    PendingIdeaFactory,
    ProjectIdeaFactory,
    RejectedIdeaFactory,
)

pytestmark = pytest.mark.django_db

IDEA_FIELDS = [
    "slug",
    "title",
    "title_en",
    "summary",
    "summary_en",
    "description",
    "description_en",
    "committees",
    "goals",
    "status",
    "year",
    "published_at",
    "is_demo",
    "url",
]
HISTORY_FIELDS = ["idea", "status", "changed_on", "note"]
SECRETS = ["Maija", "maija@example.invalid", "Ehdottaja", "toteutettu toisaalla", "Salainen"]


@pytest.fixture
def ideas(areas, goals):
    library = ProjectIdeaFactory(
        slug="kylakirjasto",
        title="Kyläkirjasto koululle",
        title_en="A village library",
        summary="Kirjasto palvelisi koko kylää iltaisin.",
        description=(
            "<p>Lainaa <strong>kirjoja</strong> &amp; lehtiä.</p><ul><li>Iltaisin</li></ul>"
        ),
        committees=[areas["valkeala"], areas["anjalankoski"]],
        goals=[goals["yhteistyo"], goals["osallisuus"]],
        status="preparing",
        year=2025,
        is_demo=True,
        published_at=datetime.datetime(2025, 3, 4, 10, 0, tzinfo=datetime.UTC),
    )
    StatusChange.objects.create(idea=library, status="proposed", changed_on="2025-01-02")
    StatusChange.objects.create(
        idea=library, status="preparing", changed_on="2025-03-04", note="Valmistelu alkoi."
    )
    pending = PendingIdeaFactory(
        slug="salainen-kirjasto",
        title="Salainen kirjasto",
        summary="Kirjasto, jota ei ole vielä julkaistu.",
        committees=[areas["valkeala"]],
    )
    StatusChange.objects.create(idea=pending, status="proposed", note="Salainen muistiinpano")
    rejected = RejectedIdeaFactory(
        slug="hylatty-kirjasto",
        title="Salainen hylätty kirjastohanke",
        summary="Kirjastoja kaikkialle.",
        committees=[areas["keskusta"]],
    )
    StatusChange.objects.create(idea=rejected, status="proposed")
    return {"library": library, "pending": pending, "rejected": rejected}


# --- Search ---------------------------------------------------------------------------------


def results(client, q, url="/haku/"):
    response = client.get(url, {"q": q})
    assert response.status_code == 200
    return [r for r in response.context["results"] if r.kind == "idea"]


@pytest.mark.parametrize(
    "q", ["kirjasto", "kirjastossa", "kirjaston", "kirjastoja", "kyläkirjaston"]
)
def test_search_finds_published_ideas_by_inflected_words(client, ideas, q):
    found = results(client, q)
    assert [r.url for r in found] == ["/hankkeet/kylakirjasto/"]
    assert found[0].title == "Kyläkirjasto koululle"
    assert found[0].label == "Hankeidea"
    assert found[0].is_demo


def test_search_reads_the_description_as_text(client, ideas):
    (found,) = results(client, "kirjojen lehtiä")
    assert "<mark>kirjoja</mark>" in found.snippet
    assert "&amp;amp;" not in found.snippet and "&lt;" not in found.snippet
    assert "strong" not in found.snippet
    # Markup is not text: its tag names are never matched.
    assert results(client, "strong") == []
    assert results(client, "ul") == []


def test_pending_and_rejected_ideas_and_proposers_are_never_found(client, ideas):
    for q in ["salainen", "julkaistu", "kaikkialle", "Maija", "Ehdottaja", "toteutettu"]:
        assert results(client, q) == [], q


def test_english_idea_texts_are_searched_too(client, ideas):
    (found,) = results(client, "library", url="/en/haku/")
    assert found.label == "Project idea"


def test_the_idea_source_is_registered_once():
    kinds = [s.kind for s in registry.search_sources()]
    assert kinds.count("idea") == 1


@pytest.mark.parametrize("count", [3, 30])
def test_search_query_budget_as_ideas_grow(
    client, areas, goals, django_assert_max_num_queries, count
):
    for index in range(count):
        ProjectIdeaFactory(
            title=f"Kirjasto {index}",
            description=f"<p>Kirjastossa luetaan {index}.</p>",
            committees=[areas["valkeala"], areas["keskusta"]],
            goals=[goals["osallisuus"]],
        )
        PendingIdeaFactory(title=f"Kirjasto odottaa {index}")
    # Ranking and counting, then the rows of the page shown: the same however many ideas; the
    # rate limit's counter and the removal of closed windows (kouvola_alue/limits).
    with django_assert_max_num_queries(len(registry.search_sources()) + 2 + 3):
        found = results(client, "kirjastot")
    assert len(found) == min(count, search.PAGE_SIZE)


# --- Open data ------------------------------------------------------------------------------


def get_json(client, slug):
    response = client.get(f"/avoin-data/{slug}.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.getvalue())


def get_csv(client, slug):
    response = client.get(f"/avoin-data/{slug}.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


def test_ideas_json_field_by_field(client, ideas):
    body = get_json(client, "hankeideat")
    assert body["fields"] == IDEA_FIELDS
    assert body["count"] == 1
    (record,) = body["records"]
    assert list(record) == IDEA_FIELDS
    assert record == {
        "slug": "kylakirjasto",
        "title": "Kyläkirjasto koululle",
        "title_en": "A village library",
        "summary": "Kirjasto palvelisi koko kylää iltaisin.",
        "summary_en": "",
        "description": (
            "<p>Lainaa <strong>kirjoja</strong> &amp; lehtiä.</p><ul><li>Iltaisin</li></ul>"
        ),
        "description_en": "",
        "committees": ["anjalankoski", "valkeala"],
        "goals": ["osallisuus", "yhteistyo"],
        "status": "preparing",
        "year": 2025,
        "published_at": "2025-03-04T12:00:00+02:00",
        "is_demo": True,
        "url": "http://testserver/hankkeet/kylakirjasto/",
    }


def test_ideas_csv_field_by_field(client, ideas):
    header, *rows = get_csv(client, "hankeideat")
    assert header == IDEA_FIELDS
    (row,) = rows
    assert dict(zip(header, row, strict=True)) == {
        "slug": "kylakirjasto",
        "title": "Kyläkirjasto koululle",
        "title_en": "A village library",
        "summary": "Kirjasto palvelisi koko kylää iltaisin.",
        "summary_en": "",
        "description": (
            "<p>Lainaa <strong>kirjoja</strong> &amp; lehtiä.</p><ul><li>Iltaisin</li></ul>"
        ),
        "description_en": "",
        "committees": "anjalankoski;valkeala",
        "goals": "osallisuus;yhteistyo",
        "status": "preparing",
        "year": "2025",
        "published_at": "2025-03-04T12:00:00+02:00",
        "is_demo": "true",
        "url": "http://testserver/hankkeet/kylakirjasto/",
    }


def test_ideas_description_is_sanitised_on_the_way_out(client, areas):
    # A row that reached the database without the model's clean (shell, import).
    ProjectIdeaFactory(
        description='<p onclick="x()">Hei<script>alert(1)</script></p><img src=x>',
        committees=[areas["valkeala"]],
    )
    (record,) = get_json(client, "hankeideat")["records"]
    assert record["description"] == "<p>Hei</p>"


def test_status_history_of_published_ideas_only(client, ideas):
    body = get_json(client, "hankeideoiden-tilahistoria")
    assert body["fields"] == HISTORY_FIELDS
    assert body["records"] == [
        {"idea": "kylakirjasto", "status": "proposed", "changed_on": "2025-01-02", "note": ""},
        {
            "idea": "kylakirjasto",
            "status": "preparing",
            "changed_on": "2025-03-04",
            "note": "Valmistelu alkoi.",
        },
    ]
    header, *rows = get_csv(client, "hankeideoiden-tilahistoria")
    assert header == HISTORY_FIELDS
    assert rows == [
        ["kylakirjasto", "proposed", "2025-01-02", ""],
        ["kylakirjasto", "preparing", "2025-03-04", "Valmistelu alkoi."],
    ]


def test_no_pending_rejected_or_personal_data_in_any_export(client, ideas):
    for dataset in registry.datasets():
        for suffix in ("json", "csv"):
            body = client.get(f"/avoin-data/{dataset.slug}.{suffix}").getvalue().decode()
            for secret in [*SECRETS, "salainen-kirjasto", "hylatty-kirjasto", "kaikkialle"]:
                assert secret not in body, (dataset.slug, suffix, secret)
    for slug in ("hankeideat", "hankeideoiden-tilahistoria"):
        names = set(registry.dataset(slug).field_names)
        assert not names & {"proposer_name", "proposer_email", "moderation", "moderation_note"}
        assert "changed_by" not in names


def test_the_open_data_page_documents_the_idea_datasets_and_feed(client, ideas):
    page = client.get("/avoin-data/").content.decode()
    for slug, fields in (
        ("hankeideat", IDEA_FIELDS),
        ("hankeideoiden-tilahistoria", HISTORY_FIELDS),
    ):
        assert f'href="/avoin-data/{slug}.json"' in page
        assert f'href="/avoin-data/{slug}.csv"' in page
        for name in fields:
            assert f"<code>{name}</code>" in page
    assert "Hankeideoiden tilahistoria" in page
    assert 'href="/hankkeet/syote.atom"' in page


@pytest.mark.parametrize("count", [3, 30])
def test_idea_open_data_query_budget(client, areas, goals, django_assert_max_num_queries, count):
    for index in range(count):
        idea = ProjectIdeaFactory(
            committees=[areas["valkeala"], areas["keskusta"]],
            goals=[goals["osallisuus"], goals["yhteistyo"]],
        )
        StatusChange.objects.create(idea=idea, status="proposed")
        StatusChange.objects.create(idea=idea, status="in_progress", note=f"Vaihe {index}")
        PendingIdeaFactory(committees=[areas["valkeala"]])
    # One more than the rows need: the versions of the cache scopes (the file's ETag).
    for slug, records in (("hankeideat", count), ("hankeideoiden-tilahistoria", 2 * count)):
        with django_assert_max_num_queries(4):
            assert get_json(client, slug)["count"] == records
        with django_assert_max_num_queries(4):
            assert len(get_csv(client, slug)) == records + 1
