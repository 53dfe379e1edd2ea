"""Search runs on whichever database the suite runs on: CI runs it on PostgreSQL and SQLite."""

import re

import html5lib
import pytest
from django.db import connection

from kouvola_alue import registry
from portal import search
from tests.committees.factories import CommunitySpaceFactory, MeetingFactory, past, upcoming
from tests.factories import CommitteeFactory, GoalFactory

pytestmark = pytest.mark.django_db


def results(client, q, url="/haku/"):
    response = client.get(url, {"q": q})
    assert response.status_code == 200
    return response.context["results"]


def titles(client, q):
    return [r.title for r in results(client, q)]


@pytest.fixture
def portal():
    valkeala = CommitteeFactory(
        slug="valkeala",
        name="Valkealan aluetoimikunta",
        area_name="Valkeala",
        task="Alueen kehittämishankkeiden ja paikallisen toiminnan edistäminen.",
    )
    anjala = CommitteeFactory(
        slug="anjalankoski",
        name="Anjalankosken aluetoimikunta",
        area_name="Anjalankoski",
        task="Hyvinvoinnin sekä paikallisen toiminnan ja kulttuurin edistäminen ja tukeminen.",
    )
    space = CommunitySpaceFactory(
        committee=valkeala,
        name="Kylätalo Kotiranta",
        digital_services="Digituki tiistaisin",
        accessibility="Esteetön sisäänkäynti",
    )
    meeting = past(
        committee=anjala,
        title="Kevään kokous",
        minutes="Päätettiin tukea kirjastojen lukupiirejä.",
    )
    hidden = upcoming(
        committee=anjala,
        title="Salainen valmistelu",
        agenda="kulttuurin salaisuus",
        is_published=False,
    )
    GoalFactory(title="asukkaille mielenkiintoista toimintaa")
    return {
        "valkeala": valkeala,
        "anjala": anjala,
        "space": space,
        "meeting": meeting,
        "hidden": hidden,
    }


def test_search_finds_inflected_forms(client, portal):
    # "kulttuuri" finds "kulttuurin" in Anjalankoski's task.
    assert "Anjalankosken aluetoimikunta" in titles(client, "kulttuuri")
    # "Valkealan" finds the committee of Valkeala and the space in its area.
    found = titles(client, "Valkealan")
    assert "Valkealan aluetoimikunta" in found
    assert "Kylätalo Kotiranta" in found
    # "kirjasto" finds "kirjastojen" in published minutes.
    assert any(t.startswith("Kevään kokous") for t in titles(client, "kirjasto"))
    # Every word must match.
    assert titles(client, "kulttuuri Valkeala") == []


def test_results_link_and_show_the_matching_passage(client, portal):
    (result,) = [r for r in results(client, "kulttuuri") if r.kind == "committee"]
    assert result.url == "/aluetoimikunnat/anjalankoski/"
    assert result.label == "Aluetoimikunta"
    assert re.search(r"<mark>kulttuurin</mark>", result.snippet)
    page = client.get("/haku/", {"q": "kulttuuri"}).content.decode()
    assert "<mark>kulttuurin</mark>" in page
    assert 'href="/aluetoimikunnat/anjalankoski/"' in page
    assert "tulos haulla ”kulttuuri”" in page


def test_unpublished_meetings_are_not_found(client, portal):
    assert "Salainen" not in " ".join(titles(client, "salaisuus valmistelu"))
    assert not any(r.kind == "meeting" for r in results(client, "salaisuus"))


def test_snippets_escape_what_staff_wrote(client, portal):
    MeetingFactory(agenda="Kulttuuri <script>alert('x')</script> & muuta")
    page = client.get("/haku/", {"q": "kulttuuri"}).content.decode()
    # PostgreSQL's headline drops the tags, the Python one escapes them: never raw markup.
    assert "<script" not in page
    assert " &amp; muuta" in page


@pytest.mark.parametrize(
    "q",
    [
        "",
        "   ",
        "a" * 5000,
        "kulttuuri " * 400,
        "'; DROP TABLE committees_committee; --",
        "kulttuuri\x00",
        "\x00\x01\x1f",
        "<script>alert(1)</script>",
        "!!! & | ( ) :* <-> '\"",
        "ääöö åå",
        "%_%",
        "\ud800" if False else "🙂",
        "the and or not",
    ],
)
def test_hostile_empty_and_long_queries_get_a_normal_page(client, portal, q):
    response = client.get("/haku/", {"q": q})
    assert response.status_code == 200
    assert "<h1>Haku</h1>" in response.content.decode()


def test_a_long_query_is_shortened_and_said_so(client, portal):
    response = client.get("/haku/", {"q": "kulttuuri " + "sana " * 100})
    assert "vain alku" in response.content.decode()
    assert len(response.context["query"].text) <= search.MAX_QUERY_LENGTH
    assert len(response.context["query"].terms) <= search.MAX_TERMS


def test_an_empty_search_asks_for_words(client):
    page = client.get("/haku/", {"q": ""}).content.decode()
    assert "Kirjoita hakuun sana tai pari." in page
    assert "Kirjoita hakuun" not in client.get("/haku/").content.decode()


def test_the_search_page_says_what_it_searches(client):
    assert "Haku kattaa aluetoimikunnat, hankeideat, kokoukset ja yhteisötilat" in (
        client.get("/haku/").content.decode()
    )
    assert "Committees, project ideas, meetings, community spaces" in (
        client.get("/en/haku/").content.decode()
    )


def test_search_is_linked_from_the_header(client, portal):
    page = client.get("/").content.decode()
    assert re.search(r'<form[^>]+action="/haku/"[^>]+method="get"[^>]*role="search"', page)
    assert 'name="q"' in page


def test_python_fallback_matches_inflection_on_any_database(portal):
    """The SQLite path, exercised directly so it is also tested where PostgreSQL runs."""
    query = search.clean_query("Valkealan kokouksessa")
    assert query.terms == ["valkealan", "kokouksessa"]
    meeting = MeetingFactory(committee=portal["valkeala"], title="Kokous Valkealassa")
    found = [r.url for r in search._search_python(registry.search_sources(), query, 1).results]
    assert found == [meeting.get_absolute_url()]
    snippet = search._snippet("Kokous pidettiin Valkealassa.", [("valkealan", "valkeal")])
    assert snippet == "Kokous pidettiin <mark>Valkealassa</mark>."


def test_another_app_can_register_a_source(client, portal, monkeypatch):
    source = registry.SearchSource(
        kind="test",
        label="Testi",
        queryset=lambda: CommunitySpaceFactory._meta.model.objects.all(),
        fields={"accessibility": "A"},
        title=lambda s: f"Testi: {s.name}",
        url=lambda s: "/testi/",
    )
    monkeypatch.setitem(registry._SOURCES, source.kind, source)
    assert "Testi: Kylätalo Kotiranta" in titles(client, "sisäänkäynnin")


@pytest.mark.parametrize("count", [3, 30])
def test_search_query_budget(client, django_assert_max_num_queries, count):
    committee = CommitteeFactory(task="kulttuuri")
    for _ in range(count):
        MeetingFactory(committee=committee, agenda="Kulttuurin illat", space=None)
        CommunitySpaceFactory(committee=committee, description="kulttuuritila")
    # Ranking and counting every source's matches, then the rows of the page shown (one query
    # per source), whatever the amount of data; the rate limit's counter, and on the first
    # search of its window the removal of closed windows (kouvola_alue/limits).
    with django_assert_max_num_queries(len(registry.search_sources()) + 2 + 3):
        response = client.get("/haku/", {"q": "kulttuuri"})
    assert response.context["result_page"].count == 1 + 2 * count
    assert len(response.context["results"]) == min(1 + 2 * count, search.PAGE_SIZE)


@pytest.mark.postgresql
def test_postgresql_ranks_title_matches_first(client):
    CommitteeFactory(name="Kulttuurilautakunta", area_name="Muu", task="Tehtävä.")
    CommitteeFactory(name="Toinen", area_name="Muu2", task="Tukee myös kulttuuria.")
    assert connection.vendor == "postgresql"
    found = titles(client, "kulttuuri")
    assert found[:2] == ["Kulttuurilautakunta", "Toinen"]


def test_a_name_match_ranks_above_mentions_in_long_texts(client):
    CommitteeFactory(name="Kulttuurilautakunta", area_name="Muu", task="Tehtävä.")
    MeetingFactory(agenda="kulttuuri, kulttuurin, kulttuuria ja kulttuurista " * 5)
    found = results(client, "kulttuuri")
    assert [r.kind for r in found] == ["committee", "meeting"]


def test_english_texts_are_searched_too(client):
    CommitteeFactory(name="Valkealan aluetoimikunta", task_en="Supports local culture.")
    found = results(client, "culture", url="/en/haku/")
    assert [r.title for r in found] == ["Valkealan aluetoimikunta"]
    assert "<mark>culture</mark>" in found[0].snippet


@pytest.mark.parametrize("q", ["kulttuuri", "", "<b>&amp;"])
def test_the_results_page_is_valid_html(client, portal, q):
    html = client.get("/haku/", {"q": q}).content.decode()
    html5lib.HTMLParser(strict=True).parse(html)
    assert html.count("<h1") == 1


def test_a_goal_found_by_search_leads_to_its_own_page(client, db):
    GoalFactory(slug="avoin-viestinta", title="avointa viestintää")
    page = client.get("/haku/", {"q": "viestintä"}).content.decode()
    assert 'href="/hankkeet/tavoitteet/avoin-viestinta/"' in page


def test_results_come_in_pages(client):
    for _ in range(search.PAGE_SIZE + 3):
        CommitteeFactory(task="Kulttuurin edistäminen.")
    first = client.get("/haku/", {"q": "kulttuuri"})
    assert len(first.context["results"]) == search.PAGE_SIZE
    html = first.content.decode()
    assert "23 tulosta haulla" in html
    assert "Sivu 1/2" in html and 'href="?q=kulttuuri&amp;sivu=2"' in html
    second = client.get("/haku/", {"q": "kulttuuri", "sivu": "2"})
    assert len(second.context["results"]) == 3
    assert 'href="?q=kulttuuri&amp;sivu=1"' in second.content.decode()
    shown = {r.url for r in first.context["results"]} | {r.url for r in second.context["results"]}
    assert len(shown) == search.PAGE_SIZE + 3
    # A page number that is not one is the first page; past the end, the last.
    assert client.get("/haku/", {"q": "kulttuuri", "sivu": "x"}).context["result_page"].number == 1
    assert client.get("/haku/", {"q": "kulttuuri", "sivu": "99"}).context["result_page"].number == 2


# The cache's version changes when a transaction commits: committed for real here.
@pytest.mark.django_db(transaction=True)
def test_results_are_kept_briefly_and_a_staff_edit_shows_at_once(
    client, settings, django_assert_max_num_queries
):
    from django.core.cache import cache, caches

    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    caches["pages"].clear()
    CommitteeFactory(name="Kulttuurilautakunta", area_name="Muu", task="Tehtävä.")
    assert titles(client, "Kulttuuri") == ["Kulttuurilautakunta"]
    # The same words, however written: the page's version and the results, and the rate
    # limit's count of this search (kouvola_alue/limits), nothing else.
    with django_assert_max_num_queries(3):
        assert titles(client, "  kulttuuri ") == ["Kulttuurilautakunta"]
    CommitteeFactory(name="Kulttuuritoimikunta", area_name="Muu2", task="Tehtävä.")
    assert sorted(titles(client, "kulttuuri")) == ["Kulttuurilautakunta", "Kulttuuritoimikunta"]
    cache.clear()
    caches["pages"].clear()


@pytest.mark.postgresql
def test_the_stored_vectors_follow_every_write(client):
    """Triggers keep them: QuerySet.update() and renames of what a row's vector quotes too."""
    committee = CommitteeFactory(name="Valkealan aluetoimikunta", area_name="Valkeala")
    space = CommunitySpaceFactory(committee=committee, name="Kylätalo")
    meeting = MeetingFactory(committee=committee, space=space, title="Kevätkokous")
    type(meeting).objects.filter(pk=meeting.pk).update(agenda="Uimarannan kunnostus")
    assert titles(client, "uimaranta") == [str(meeting)]
    type(committee).objects.filter(pk=committee.pk).update(name="Jaalan aluetoimikunta")
    assert str(meeting) in titles(client, "jaalan")
    type(space).objects.filter(pk=space.pk).update(name="Nuorisotalo")
    assert titles(client, "nuorisotalolla") == ["Nuorisotalo", str(meeting)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname LIKE %s", ["%search_vector_gin"]
        )
        assert len(cursor.fetchall()) == 5
