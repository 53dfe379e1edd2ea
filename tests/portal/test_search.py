"""Search runs on whichever database the suite runs on: CI runs it on PostgreSQL and SQLite."""

import datetime
import re

import html5lib
import pytest
from django.db import connection
from django.utils import timezone

from kouvola_alue import registry
from portal import search
from projects import services as idea_services
from tests.committees.factories import CommunitySpaceFactory, MeetingFactory, past, upcoming
from tests.factories import CommitteeFactory, GoalFactory
from tests.projects.factories import PendingIdeaFactory, ProjectIdeaFactory
from tests.recruitment.factories import CampaignFactory

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
    # Consonant gradation, which the stemmer misses: "kokous" finds "kokouksessa", and
    # "kylätalo" the space in "kylätalossa".
    MeetingFactory(committee=portal["valkeala"], title="Asukasilta", agenda="Puhutaan kokouksessa")
    assert any(t.startswith("Asukasilta") for t in titles(client, "kokous"))
    CommunitySpaceFactory(name="Jaalan tila", description="Kerhot kyläyhdistyksen tiloissa.")
    assert titles(client, "kyläyhdistys") == ["Jaalan tila"]
    # A little word between the others changes nothing.
    assert "Anjalankosken aluetoimikunta" in titles(client, "kulttuurin ja tukeminen")
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
    page = search.python.search(registry.search_sources(), query, 1, "", search.PAGE_SIZE)
    assert [r.url for r in page.results] == [meeting.get_absolute_url()]
    snippet = search.python.snippet_of("Kokous pidettiin Valkealassa.", [("valkealan", "valkeal")])
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
@pytest.mark.parametrize("kind", ["", "meeting"])
def test_search_query_budget(client, django_assert_max_num_queries, count, kind):
    committee = CommitteeFactory(task="kulttuuri")
    for number in range(count):
        MeetingFactory(committee=committee, agenda="Kulttuurin illat", space=None)
        MeetingFactory(title=f"Kulttuuri-ilta {number}", space=None)
        CommunitySpaceFactory(committee=committee, description="kulttuuritila")
    # Counting every kind's results (one query on PostgreSQL, one read of each source
    # elsewhere), ranking the page's, then the rows of the page shown (one query per source),
    # whatever the amount of data; the rate limit's counter, and on the first search of its
    # window the removal of closed windows (kouvola_alue/limits).
    with django_assert_max_num_queries(len(registry.search_sources()) + 2 + 3):
        response = client.get("/haku/", {"q": "kulttuuri", "tyyppi": kind})
    found = response.context["result_page"]
    # The committee's meetings are one series; the others, each of its own title, are not.
    assert {k.kind: k.count for k in found.kinds} == {
        "committee": 1,
        "meeting": 1 + count,
        "space": count,
    }
    assert found.count == (1 + count if kind else 1 + 2 * count + 1)
    assert len(response.context["results"]) == min(found.count, search.PAGE_SIZE)


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
    past_the_end = client.get("/haku/", {"q": "kulttuuri", "sivu": "99"})
    assert past_the_end.context["result_page"].number == 2
    # ... and it shows the last page's results, not an empty list.
    assert [r.url for r in past_the_end.context["results"]] == [
        r.url for r in second.context["results"]
    ]
    assert client.get("/haku/", {"q": "kulttuuri", "sivu": "0"}).context["result_page"].number == 1


# The cache's version changes when a transaction commits: committed for real here.
@pytest.mark.django_db(transaction=True)
def test_results_are_kept_briefly_and_a_staff_edit_shows_at_once(
    client, settings, django_assert_max_num_queries
):
    from django.core.cache import cache, caches

    # Kept like the pages' fragments, with the page cache off.
    settings.PAGE_CACHE_SECONDS = 0
    settings.CONTENT_CACHE_SECONDS = 3600
    cache.clear()
    caches["pages"].clear()
    CommitteeFactory(name="Kulttuurilautakunta", area_name="Muu", task="Tehtävä.")
    assert titles(client, "Kulttuuri") == ["Kulttuurilautakunta"]
    # The same words, however written: the page's version and the results, and the rate
    # limit's count of this search (kouvola_alue/limits), nothing else.
    with django_assert_max_num_queries(3):
        assert titles(client, "  kulttuuri ") == ["Kulttuurilautakunta"]
    # A resident's proposal waits for moderation: it forgets nothing, and is not found.
    idea = PendingIdeaFactory(title="Kulttuuritalo", summary="Talo.", description="Talo.")
    assert titles(client, "kulttuuri") == ["Kulttuurilautakunta"]
    # Published by staff (committed for real): found at once.
    idea_services.idea_publish(idea=idea)
    assert sorted(titles(client, "kulttuuri")) == ["Kulttuurilautakunta", "Kulttuuritalo"]
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
            "SELECT tablename FROM pg_indexes WHERE indexname LIKE %s", ["%search_vector_gin"]
        )
        assert {table for (table,) in cursor.fetchall()} == {
            "committees_committee",
            "committees_meeting",
            "committees_communityspace",
            "committees_agendaitem",
            "projects_projectidea",
            "projects_goal",
            "recruitment_campaign",
        }


# --- Grouped by kind, filtered, in pages ---------------------------------------------------------


def kind_links(html):
    """The type filter as a person reads it: (text, href, current) of each choice."""
    nav = re.search(r'<nav aria-label="Tulosten tyyppi".*?</nav>', html, re.S).group(0)
    return [
        (re.sub(r"<[^>]+>|\s+", " ", text).strip().replace("  ", " "), href, "aria-current" in a)
        for a, href, text in re.findall(r'(<a [^>]*href="([^"]*)"[^>]*>)(.*?)</a>', nav, re.S)
    ]


def group_headings(html):
    return [
        re.sub(r"<[^>]+>", "", heading).strip()
        for heading in re.findall(
            r'<h3 class="[^"]*search-group-heading[^"]*"[^>]*>(.*?)</h3>', html
        )
    ]


def test_results_are_grouped_by_type_with_a_count_of_each(client, portal):
    html = client.get("/haku/", {"q": "Valkealan"}).content.decode()
    assert kind_links(html) == [
        ("Kaikki tulokset (2)", "?q=Valkealan", True),
        ("Aluetoimikunnat (1)", "?q=Valkealan&amp;tyyppi=committee", False),
        ("Yhteisötilat (1)", "?q=Valkealan&amp;tyyppi=space", False),
    ]
    assert group_headings(html) == ["Aluetoimikunnat (1)", "Yhteisötilat (1)"]
    html5lib.HTMLParser(strict=True).parse(html)


def test_the_type_filter_shows_one_type_and_says_so(client, portal):
    for number in range(3):
        CommunitySpaceFactory(committee=portal["valkeala"], name=f"Valkealan nuorisotila {number}")
    response = client.get("/haku/", {"q": "Valkealan", "tyyppi": "space"})
    html = response.content.decode()
    assert {r.kind for r in response.context["results"]} == {"space"}
    assert "4 tulosta haulla ”Valkealan” – Yhteisötilat" in html
    assert "<title>Haku: Valkealan – Yhteisötilat" in html
    # The counts of the other types stay, and the chosen one is marked as the current choice.
    assert kind_links(html) == [
        ("Kaikki tulokset (5)", "?q=Valkealan", False),
        ("Aluetoimikunnat (1)", "?q=Valkealan&amp;tyyppi=committee", False),
        ("Yhteisötilat (4)", "?q=Valkealan&amp;tyyppi=space", True),
    ]
    assert "Valkealan aluetoimikunta" not in re.sub(r"<nav.*?</nav>", "", html, flags=re.S)
    # A type that found nothing says so and leads back to every type.
    html = client.get("/haku/", {"q": "Valkealan", "tyyppi": "goal"}).content.decode()
    assert "Tämän tyypin tuloksia ei löytynyt." in html
    assert 'href="?q=Valkealan">Näytä kaikkien tyyppien tulokset</a>' in html


@pytest.mark.parametrize("kind", ["<script>", "meeting'--", "MEETING", "x" * 3000, "\x00"])
def test_an_unknown_type_shows_every_type_and_says_so(client, portal, kind):
    response = client.get("/haku/", {"q": "Valkealan", "tyyppi": kind})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tällaista tulostyyppiä ei ole: näytetään kaikkien tyyppien tulokset." in html
    assert response.context["result_page"].count == 2
    assert "<script>" not in html


def pagination(html):
    nav = re.search(r'<nav aria-label="Hakutulosten sivut">(.*?)</nav>', html, re.S)
    return nav and [
        (re.sub(r"<[^>]+>", "", text).strip(), href, 'aria-current="page"' in a)
        for a, href, text in re.findall(r'(<a [^>]*href="([^"]*)"[^>]*>)(.*?)</a>', nav.group(1))
    ]


def test_pages_within_a_type_and_of_every_type(client, db):
    for _ in range(search.PAGE_SIZE + 3):
        CommitteeFactory(task="Kulttuurin edistäminen.")
    for _ in range(search.PAGE_SIZE):
        CommunitySpaceFactory(description="Kulttuuritila")
    html = client.get("/haku/", {"q": "kulttuuri"}).content.decode()
    assert "43 tulosta haulla ”kulttuuri”" in html
    assert pagination(html) == [
        ("Sivu 1", "?q=kulttuuri&amp;sivu=1", True),
        ("Sivu 2", "?q=kulttuuri&amp;sivu=2", False),
        ("Sivu 3", "?q=kulttuuri&amp;sivu=3", False),
        ("Seuraava sivu", "?q=kulttuuri&amp;sivu=2", False),
    ]
    response = client.get("/haku/", {"q": "kulttuuri", "tyyppi": "committee", "sivu": "2"})
    html = response.content.decode()
    assert [r.kind for r in response.context["results"]] == ["committee"] * 3
    assert "23 tulosta haulla ”kulttuuri” – Aluetoimikunnat" in html
    assert "Sivu 2/2" in html  # in the heading, for a screen reader
    assert pagination(html) == [
        ("Edellinen sivu", "?q=kulttuuri&amp;tyyppi=committee&amp;sivu=1", False),
        ("Sivu 1", "?q=kulttuuri&amp;tyyppi=committee&amp;sivu=1", False),
        ("Sivu 2", "?q=kulttuuri&amp;tyyppi=committee&amp;sivu=2", True),
    ]
    # The type filter starts from the first page of the type chosen.
    assert ("Yhteisötilat (20)", "?q=kulttuuri&amp;tyyppi=space", False) in kind_links(html)
    # On the page of every type, a type with more results than shown leads to all of them.
    html = client.get("/haku/", {"q": "kulttuuri", "sivu": "2"}).content.decode()
    more = r'href="\?q=kulttuuri&amp;tyyppi=\w+">\w+: kaikki (20|23) tulosta</a>'
    assert re.search(more, html)


@pytest.mark.parametrize(
    "page, shown, said",
    [
        ("x", 1, True),
        ("-1", 1, True),
        ("0", 1, True),
        ("1.5", 1, True),
        ("٣", 1, True),
        ("99999999999999999999999", 1, True),
        ("9", 2, True),
        ("2", 2, False),
        ("", 1, False),
    ],
)
def test_a_page_that_is_none_shows_a_page_and_says_which(client, db, page, shown, said):
    for _ in range(search.PAGE_SIZE + 1):
        CommitteeFactory(task="Kulttuurin edistäminen.")
    response = client.get("/haku/", {"q": "kulttuuri", "sivu": page})
    assert response.status_code == 200
    assert response.context["result_page"].number == shown
    message = f"Tällaista tulossivua ei ole: näytetään sivu {shown}."
    assert (message in response.content.decode()) is said


# --- In the visitor's language ------------------------------------------------------------------


@pytest.fixture
def bilingual(db):
    CommitteeFactory(
        slug="valkeala",
        name="Valkealan aluetoimikunta",
        name_en="Valkeala area committee",
        area_name="Valkeala",
        task="Tukee Valkealan kulttuuria ja kylätoimintaa.",
        task_en="Supports culture <b>&</b> village life in Valkeala.",
    )
    CommitteeFactory(
        slug="jaala",
        name="Jaalan aluetoimikunta",
        area_name="Jaala",
        task="Tukee Jaalan kulttuuria.",
    )


def snippets(html):
    return re.findall(r'<p class="search-snippet"( lang="fi")?>(.*?)</p>', html, re.S)


def test_the_finnish_site_shows_finnish_passages_only(client, bilingual):
    html = client.get("/haku/", {"q": "kulttuuri"}).content.decode()
    shown = " ".join(text for _lang, text in snippets(html))
    assert "<mark>kulttuuria</mark>" in shown
    assert "Supports" not in shown and "culture" not in shown
    assert ' lang="' not in html.split("<main", 1)[1]  # everything is in the page's language
    # Found by an English word, the passage is still the Finnish text.
    html = client.get("/haku/", {"q": "culture"}).content.decode()
    (only,) = snippets(html)
    assert "Tukee Valkealan kulttuuria" in only[1] and "Supports" not in only[1]


def test_the_english_site_shows_english_passages_and_marks_finnish_ones(client, bilingual):
    response = client.get("/en/haku/", {"q": "culture"})
    html = response.content.decode()
    (only,) = snippets(html)
    assert only[0] == "" and "Supports <mark>culture</mark>" in only[1]
    assert "<b>" not in html.split("<main", 1)[1]  # what staff wrote is text, never markup
    response = client.get("/en/haku/", {"q": "kulttuuri"})
    html = response.content.decode()
    by_title = {r.title: r for r in response.context["results"]}
    # Where staff wrote English, it is shown; where not, the Finnish text, marked as Finnish.
    assert by_title["Valkeala area committee"].snippet_lang == ""
    assert "Supports culture" in by_title["Valkeala area committee"].snippet
    assert by_title["Jaalan aluetoimikunta"].snippet_lang == "fi"
    finnish = r'<p class="search-snippet" lang="fi">[^<]*Tukee Jaalan <mark>kulttuuria</mark>'
    assert re.search(finnish, html)
    assert '<a href="/en/aluetoimikunnat/jaala/" lang="fi">Jaalan aluetoimikunta</a>' in html
    assert '<a href="/en/aluetoimikunnat/valkeala/">Valkeala area committee</a>' in html
    html5lib.HTMLParser(strict=True).parse(html)


def test_ideas_and_goals_show_their_english_text_on_the_english_site(client, db):
    ProjectIdeaFactory(
        title="Kylätalon kulttuuri-ilta",
        title_en="A culture night at the village hall",
        summary="Kulttuuri-ilta kylätalolla.",
        summary_en="A culture night at the village hall.",
    )
    GoalFactory(title="kulttuuritoimintaa", title_en="cultural activity")
    fi = client.get("/haku/", {"q": "kulttuuri"})
    en = client.get("/en/haku/", {"q": "kulttuuri"})
    assert sorted(r.title for r in fi.context["results"]) == [
        "Kylätalon kulttuuri-ilta",
        "kulttuuritoimintaa",
    ]
    assert sorted(r.title for r in en.context["results"]) == [
        "A culture night at the village hall",
        "cultural activity",
    ]
    assert all("culture" not in r.snippet for r in fi.context["results"])
    assert all(r.snippet_lang == "" for r in en.context["results"])
    assert "culture night" in " ".join(r.snippet for r in en.context["results"])


# --- One result for a series of meetings --------------------------------------------------------


def test_a_series_of_alike_meetings_is_one_result(client, portal):
    valkeala = portal["valkeala"]
    held = [past(days_ago=7 * n, committee=valkeala, agenda="Kylätalon asiat") for n in (1, 2, 3)]
    ahead = [
        upcoming(starts_at=held[0].starts_at + datetime.timedelta(days=14 * n), committee=valkeala)
        for n in range(1, 12)
    ]
    evening = upcoming(committee=valkeala, title="Asukasilta")
    response = client.get("/haku/", {"q": "Valkealan", "tyyppi": "meeting"})
    html = response.content.decode()
    assert [(r.title, r.url) for r in response.context["results"]] == [
        ("Valkealan aluetoimikunta: kokous", "/kokoukset/?alue=valkeala"),
        (str(evening), evening.get_absolute_url()),
    ]
    next_day = timezone.localtime(ahead[0].starts_at).strftime("%-d.%-m.%Y")
    assert f"14 kokousta, seuraava {next_day}" in html
    assert "2 tulosta haulla ”Valkealan” – Kokoukset" in html
    assert ("Kokoukset (2)", "?q=Valkealan&amp;tyyppi=meeting", True) in kind_links(html)
    # Only the meetings found make the series: the word of three agendas finds those three.
    response = client.get("/haku/", {"q": "kylätalon asiat"})
    (series,) = response.context["results"]
    assert series.series_size == 3
    latest = timezone.localtime(held[0].starts_at).strftime("%-d.%-m.%Y")
    assert f"3 kokousta, viimeisin {latest}" in response.content.decode()
    # The link leads to the committee's meetings.
    page = client.get(series.url).content.decode()
    assert "Kokoukset: Valkealan aluetoimikunta" in page


def test_a_series_in_english(client, portal):
    for n in (1, 2):
        past(days_ago=n, committee=portal["valkeala"])
    response = client.get("/en/haku/", {"q": "Valkealan", "tyyppi": "meeting"})
    (series,) = response.context["results"]
    assert series.url == "/en/kokoukset/?alue=valkeala"
    assert series.title == "Meeting of Valkealan aluetoimikunta"
    assert series.note.startswith("2 meetings, latest ")
    assert series.snippet_lang == "fi"


def test_recruitment_campaigns_are_found_in_their_language(client, db):
    campaign = CampaignFactory(
        title="Jäsenhaku 2031",
        title_en="Member recruitment 2031",
        description="Haemme asukkaita aluetoimikuntiin.",
        description_en="We are looking for residents.",
    )
    response = client.get("/haku/", {"q": "asukkaita", "tyyppi": "campaign"})
    (found,) = response.context["results"]
    assert (found.title, found.url) == ("Jäsenhaku 2031", campaign.get_absolute_url())
    assert "Jäsenhaut (1)" in group_headings(response.content.decode())
    (found,) = client.get("/en/haku/", {"q": "asukkaita"}).context["results"]
    assert found.title == "Member recruitment 2031"
    assert "looking for residents" in found.snippet and found.snippet_lang == ""


def test_a_campaign_is_found_by_its_text_as_staff_changed_it(client, db):
    # On PostgreSQL the campaigns' stored vector is kept by a trigger (recruitment 0006),
    # whatever writes the row, as the other searchable tables' are.
    campaign = CampaignFactory(title="Jäsenhaku 2032", description="Haemme asukkaita.")
    type(campaign).objects.filter(pk=campaign.pk).update(description="Etsimme nuorisoa.")
    assert not client.get("/haku/", {"q": "asukkaita", "tyyppi": "campaign"}).context["results"]
    (found,) = client.get("/haku/", {"q": "nuorisoa", "tyyppi": "campaign"}).context["results"]
    assert found.url == campaign.get_absolute_url()


@pytest.mark.postgresql
def test_postgresql_counts_and_ranks_the_hits_once(client, django_assert_max_num_queries):
    # Issue 16: every kind's count and the page of hits come from one statement, and the rows
    # of the page from one more per kind shown (plus the search limit's counter).
    for number in range(3):
        CommitteeFactory(name=f"Kulttuurilautakunta {number}", task="Kulttuurin edistäminen.")
    client.get("/haku/", {"q": "lautakunta"})  # the limit's counters tidy up on a first hit
    with django_assert_max_num_queries(3):
        response = client.get("/haku/", {"q": "kulttuuri"})
    assert len(response.context["results"]) == 3


@pytest.mark.postgresql
def test_postgresql_reads_only_the_rows_of_the_page_it_shows(client, monkeypatch):
    # Issue 16: the rows and their highlighted passages are read for the page shown only,
    # however many match; the ranking and the counts stay in the database.
    monkeypatch.setattr(search, "PAGE_SIZE", 2)
    for number in range(7):
        CommitteeFactory(name=f"Kulttuurilautakunta {number}", task="Kulttuurin edistäminen.")
    read = []
    page_rows = search.postgresql.page_rows

    def spy(source, keys, ts_query):
        read.append(list(keys))
        return page_rows(source, keys, ts_query)

    monkeypatch.setattr(search.postgresql, "page_rows", spy)
    first = client.get("/haku/", {"q": "kulttuuri"}).context["result_page"]
    second = client.get("/haku/", {"q": "kulttuuri", "sivu": "2"}).context["result_page"]
    assert first.count == second.count == 7 and first.num_pages == 4
    assert [len(keys) for keys in read] == [2, 2]
    assert not set(read[0]) & set(read[1])
    assert len(first.results) == len(second.results) == 2
