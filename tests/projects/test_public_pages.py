import datetime
import re

import pytest
from django.urls import reverse

from projects import services
from projects.models import ProjectIdea
from tests.factories import PageSectionFactory
from tests.projects.factories import PendingIdeaFactory, ProjectIdeaFactory, RejectedIdeaFactory
from tests.support import QUERY_BUDGETS

pytestmark = pytest.mark.django_db

LIST = reverse("projects:list")


def titles(response):
    """The idea titles listed on a page, in order."""
    return re.findall(r'<h3 class="h5 mb-1"><a href="[^"]+">([^<]+)</a>', response.content.decode())


def result_count(response):
    return int(re.search(r'id="results-heading">\s*(\d+)', response.content.decode()).group(1))


@pytest.fixture
def ideas(areas, goals):
    """Five published ideas over the areas, one pending and one rejected."""
    return {
        "lukunurkat": ProjectIdeaFactory(
            title="Lukunurkat",
            committees=[areas["valkeala"], areas["anjalankoski"]],
            goals=[goals["osallisuus"]],
            status="carried_out",
            year=2020,
        ),
        "digiapu": ProjectIdeaFactory(
            title="Digiapu",
            committees=list(areas.values()),
            goals=[goals["osallisuus"], goals["yhteistyo"]],
            status="in_progress",
            year=2023,
        ),
        "kesatori": ProjectIdeaFactory(
            title="Kesätori",
            committees=[areas["keskusta"]],
            goals=[goals["yhteistyo"]],
            status="carried_out",
            year=2023,
            summary="Iltatapahtumia torilla.",
        ),
        "rantapolku": ProjectIdeaFactory(
            title="Rantapolku",
            committees=[areas["kuusankoski-jaala"]],
            goals=[goals["ennaltaehkaisy"]],
            status="preparing",
            year=2024,
        ),
        "veneranta": ProjectIdeaFactory(
            title="Veneranta",
            committees=[areas["kuusankoski-jaala"]],
            status="not_pursued",
            year=2022,
        ),
        "pending": PendingIdeaFactory(title="Odottava", committees=[areas["valkeala"]]),
        "rejected": RejectedIdeaFactory(title="Hylätty", committees=[areas["keskusta"]]),
    }


def test_the_list_shows_published_ideas_only_with_the_count(client, ideas):
    response = client.get(LIST)
    assert response.status_code == 200
    assert set(titles(response)) == {"Lukunurkat", "Digiapu", "Kesätori", "Rantapolku", "Veneranta"}
    assert result_count(response) == 5
    assert "Odottava" not in response.content.decode()
    assert "Hylätty" not in response.content.decode()


def test_on_a_phone_the_filters_link_past_themselves_to_the_results(client, ideas):
    html = client.get(LIST, {"tila": "carried_out"}).content.decode()
    count = result_count(client.get(LIST, {"tila": "carried_out"}))
    assert f'<a href="#results-heading">Siirry tuloksiin ({count})</a>' in html
    assert 'id="results-heading"' in html


def test_several_areas_select_the_ideas_of_any_of_them_once_each(client, ideas):
    response = client.get(LIST, {"alue": ["valkeala", "keskusta"]})
    assert sorted(titles(response)) == ["Digiapu", "Kesätori", "Lukunurkat"]
    assert result_count(response) == 3


def test_one_area(client, ideas):
    response = client.get(LIST, {"alue": "kuusankoski-jaala"})
    assert sorted(titles(response)) == ["Digiapu", "Rantapolku", "Veneranta"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"tavoite": "osallisuus"}, ["Digiapu", "Lukunurkat"]),
        ({"tila": "carried_out"}, ["Kesätori", "Lukunurkat"]),
        ({"vuosi": "2023"}, ["Digiapu", "Kesätori"]),
        ({"q": "torilla"}, ["Kesätori"]),
        # Words are found inflected or as the beginning of a word, as in the site search
        # (the full-text index on PostgreSQL): not inside a compound.
        ({"q": "RANTA"}, ["Rantapolku"]),
        ({"q": "rannan polku"}, []),
        ({"alue": ["valkeala", "keskusta"], "tila": "carried_out"}, ["Kesätori", "Lukunurkat"]),
        ({"alue": "keskusta", "tavoite": "yhteistyo", "vuosi": "2023"}, ["Digiapu", "Kesätori"]),
        ({"alue": "kuusankoski-jaala", "tavoite": "ennaltaehkaisy"}, ["Rantapolku"]),
        ({"tila": "carried_out", "vuosi": "2024"}, []),
    ],
)
def test_filters_and_their_combinations(client, ideas, params, expected):
    response = client.get(LIST, params)
    assert response.status_code == 200
    assert sorted(titles(response)) == expected
    assert result_count(response) == len(expected)


def test_each_option_counts_the_ideas_it_would_show_with_the_other_filters(client, ideas):
    html = client.get(LIST, {"tila": "carried_out"}).content.decode()
    # Carried out: Lukunurkat (Valkeala, Anjalankoski) and Kesätori (keskusta).
    assert re.search(r'for="alue-valkeala">Valkeala \(1\)', html)
    assert re.search(r'for="alue-keskusta">Kouvolan keskusta-alue \(1\)', html)
    assert re.search(r'for="alue-kuusankoski-jaala">Kuusankoski-Jaala \(0\)', html)
    # The status options count with the other filters only (none here): all five ideas.
    assert re.search(r'value="carried_out" selected>Toteutettu \(2\)', html)
    assert re.search(r'value="in_progress">[^<]+\(1\)', html)


@pytest.mark.parametrize(
    "others",
    [{}, {"tila": "carried_out"}, {"tavoite": "yhteistyo"}, {"alue": ["valkeala", "keskusta"]}],
)
def test_an_area_s_count_is_what_choosing_it_shows_even_for_ideas_of_several_areas(
    client, ideas, others
):
    # Lukunurkat is in two areas: it counts once in each, and never twice in one.
    html = client.get(LIST, others).content.decode()
    shown_without_areas = {key: value for key, value in others.items() if key != "alue"}
    for slug in ("valkeala", "anjalankoski", "keskusta", "kuusankoski-jaala", "elimaki-koria"):
        counted = re.search(rf'for="alue-{slug}">[^<(]+\((\d+)\)', html)
        chosen = client.get(LIST, {**shown_without_areas, "alue": slug})
        assert int(counted.group(1)) == result_count(chosen), slug


@pytest.mark.parametrize(
    "params",
    [
        {"alue": ["tuntematon", "valkeala"]},
        {"tavoite": "ei-ole"},
        {"tila": "<script>"},
        {"vuosi": "abc"},
        {"vuosi": "99999999999999999999"},
        {"page": "abc"},
        {"page": "9999"},
        {"page": "-1"},
        {"q": "x" * 5000},
        {"q": "\x00"},
        {"q": "kesä\x00tori", "alue": "\x00"},
        {"page": "\x00"},
    ],
)
def test_bad_parameters_give_a_normal_page(client, ideas, params):
    response = client.get(LIST, params)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()
    assert result_count(response) == len(titles(response))


def test_an_unknown_area_is_dropped_and_the_known_one_still_filters(client, ideas):
    response = client.get(LIST, {"alue": ["tuntematon", "valkeala"]})
    assert sorted(titles(response)) == ["Digiapu", "Lukunurkat"]


def test_pages_of_ten_keep_the_filters_and_out_of_range_pages_show_the_last(client, areas):
    for n in range(23):
        ProjectIdeaFactory(title=f"Idea {n:02d}", committees=[areas["valkeala"]])
    ProjectIdeaFactory(title="Muualla", committees=[areas["keskusta"]])
    first = client.get(LIST, {"alue": "valkeala"})
    assert len(titles(first)) == 10
    assert result_count(first) == 23
    html = first.content.decode()
    assert 'href="?alue=valkeala&amp;page=2"' in html
    last = client.get(LIST, {"alue": "valkeala", "page": "9999"})
    assert len(titles(last)) == 3
    assert 'href="?alue=valkeala&amp;page=2" rel="prev"' in last.content.decode()
    unfiltered = client.get(LIST).content.decode()
    assert 'href="?page=2" rel="next"' in unfiltered
    assert client.get(LIST, {"alue": "valkeala", "page": "abc"}).status_code == 200
    seen = set()
    for page in (1, 2, 3):
        seen |= set(titles(client.get(LIST, {"alue": "valkeala", "page": page})))
    assert len(seen) == 23


def test_the_detail_shows_areas_goals_and_the_dated_history(client, areas, goals):
    idea = services.idea_create(
        title="Lukunurkat",
        summary="Kirjoja kouluille.",
        description="Ensimmäinen kappale.\n\nToinen <em>kappale</em>.",
        committees=[areas["valkeala"], areas["anjalankoski"]],
        goals=[goals["osallisuus"]],
        status_changed_on=datetime.date(2019, 3, 12),
        publish=True,
    )
    services.idea_change_status(
        idea=idea, status="carried_out", changed_on=datetime.date(2020, 5, 20), note="Avattu."
    )
    html = client.get(idea.get_absolute_url()).content.decode()
    assert "Toteutettu 2 alueella." in html
    assert 'href="/aluetoimikunnat/valkeala/"' in html
    assert 'href="/aluetoimikunnat/anjalankoski/"' in html
    assert 'href="/hankkeet/tavoitteet/osallisuus/"' in html
    assert "<p>Ensimmäinen kappale.</p>" in html
    assert "<em>kappale</em>" in html
    assert re.search(r"12\.3\.2019</time>: ehdotettu", html)
    assert re.search(r"20\.5\.2020</time>: toteutettu – Avattu\.", html)
    assert "maija@example.invalid" not in html


def test_the_detail_of_an_idea_for_several_areas_not_yet_carried_out(client, areas):
    idea = ProjectIdeaFactory(committees=[areas["valkeala"], areas["keskusta"]])
    html = client.get(idea.get_absolute_url()).content.decode()
    assert "Idea koskee 2 aluetta." in html


def test_proposers_never_appear_on_public_pages(client, ideas, areas):
    for url in [LIST, ideas["digiapu"].get_absolute_url(), "/", "/aluetoimikunnat/valkeala/"]:
        html = client.get(url).content.decode()
        assert "Maija Ehdottaja" not in html
        assert "maija@example.invalid" not in html


@pytest.mark.parametrize("which", ["pending", "rejected"])
def test_an_unpublished_idea_is_absent_everywhere(client, ideas, areas, goals, which):
    idea = ideas[which]
    idea.goals.set([goals["osallisuus"]])
    assert client.get(idea.get_absolute_url()).status_code == 404
    for params in [{}, {"q": idea.title}, {"alue": ["valkeala", "keskusta"]}]:
        assert idea.title not in titles(client.get(LIST, params))
    for url in [
        "/",
        "/aluetoimikunnat/valkeala/",
        "/aluetoimikunnat/keskusta/",
        reverse("projects:goal", kwargs={"slug": "osallisuus"}),
    ]:
        assert idea.title not in client.get(url).content.decode(), url


def test_an_idea_published_by_staff_appears_on_each_of_its_areas_pages(client, areas):
    idea = PendingIdeaFactory(
        title="Koirapuisto", committees=[areas["valkeala"], areas["keskusta"]]
    )
    assert "Koirapuisto" not in client.get("/aluetoimikunnat/valkeala/").content.decode()
    services.idea_publish(idea=idea)
    for slug in ("valkeala", "keskusta"):
        assert "Koirapuisto" in client.get(f"/aluetoimikunnat/{slug}/").content.decode()
    assert "Koirapuisto" not in client.get("/aluetoimikunnat/anjalankoski/").content.decode()
    assert "Koirapuisto" in client.get("/").content.decode()


def test_the_home_page_links_each_goal_to_its_page(client, goals):
    PageSectionFactory(key="goals", title="Tavoitteet")
    html = client.get("/").content.decode()
    for slug in goals:
        assert f'href="/hankkeet/tavoitteet/{slug}/"' in html


def test_a_goal_page_lists_the_ideas_that_serve_it(client, ideas, goals):
    response = client.get(reverse("projects:goal", kwargs={"slug": "yhteistyo"}))
    assert sorted(titles(response)) == ["Digiapu", "Kesätori"]
    assert client.get(reverse("projects:goal", kwargs={"slug": "ei-ole"})).status_code == 404


def test_the_goal_index_counts_published_ideas(client, ideas, goals):
    html = client.get(reverse("projects:goals")).content.decode()
    assert re.search(r"asukkaiden osallisuutta</a> \(2 ideaa\)", html)


def test_a_demo_idea_is_marked_as_demo(client, areas):
    idea = ProjectIdeaFactory(is_demo=True)
    for url in (LIST, idea.get_absolute_url()):
        html = client.get(url).content.decode()
        assert 'class="demo-notice"' in html
    assert 'class="demo-notice"' not in client.get(reverse("projects:propose")).content.decode()


def test_the_pages_read_in_english_too(client, ideas):
    html = client.get("/en" + LIST).content.decode()
    assert "5 project ideas" in html
    assert "Carried out" in html


def _ideas_with_everything(areas, goals, count):
    for n in range(count):
        idea = services.idea_create(
            title=f"Idea {n}",
            summary="S",
            committees=list(areas.values())[: 1 + n % 5],
            goals=list(goals.values())[: 1 + n % 3],
            publish=True,
        )
        services.idea_change_status(idea=idea, status="in_progress")


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_makes_a_bounded_number_of_queries(
    client, areas, goals, count, django_assert_max_num_queries
):
    _ideas_with_everything(areas, goals, count)
    with django_assert_max_num_queries(QUERY_BUDGETS["idea_list"]):
        response = client.get(LIST, {"alue": ["valkeala", "keskusta"], "q": "Idea"})
    assert response.status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_the_detail_makes_a_bounded_number_of_queries(
    client, areas, goals, count, django_assert_max_num_queries
):
    _ideas_with_everything(areas, goals, count)
    idea = ProjectIdea.objects.order_by("pk").last()
    for _ in range(count):
        services.idea_change_status(idea=idea, status="preparing")
        services.idea_change_status(idea=idea, status="in_progress")
    with django_assert_max_num_queries(QUERY_BUDGETS["idea"]):
        response = client.get(idea.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_pages_that_show_ideas_beside_other_things_stay_bounded(
    client, areas, goals, count, django_assert_max_num_queries
):
    _ideas_with_everything(areas, goals, count)
    # The home and committee pages also point to an open recruitment (one query each).
    for url, budget in [
        # The home page also shows the next meetings and the open recruitment, a committee's
        # page its meetings, spaces and open recruitment.
        ("/", "home"),
        ("/aluetoimikunnat/valkeala/", "committee"),
        (reverse("projects:goal", kwargs={"slug": "osallisuus"}), "goal"),
        (reverse("projects:goals"), "goal_list"),
    ]:
        with django_assert_max_num_queries(QUERY_BUDGETS[budget]):
            assert client.get(url).status_code == 200


def test_idea_cards_show_title_summary_status_year_and_areas(client, areas):
    """The cards of the lists, written by one tag a list (projects/templatetags/projects.py)."""
    ProjectIdeaFactory(
        title="Kylä & <koulu>",
        summary="Tiivis <b>",
        committees=[areas["valkeala"], areas["anjalankoski"]],
        status="carried_out",
        year=2020,
        is_demo=True,
    )
    ProjectIdeaFactory(title="Penkit (demo)", committees=[areas["keskusta"]], is_demo=True)
    page = re.sub(r"\s+", " ", client.get(LIST).content.decode())
    first = page[page.index("Kylä &amp; &lt;koulu&gt;") :]
    first = first[: first.index("</li>")]
    assert '</a> <span class="badge demo-badge">demo</span></h3>' in first
    assert '<p class="mb-1">Tiivis &lt;b&gt;</p>' in first
    assert '<span class="idea-status idea-status-carried_out">Toteutettu</span> · 2020' in first
    assert "· Alueet: Anjalankoski, Valkeala " in first  # in the committees' order
    second = page[page.index("Penkit (demo)") :]
    second = second[: second.index("</li>")]
    assert "demo-badge" not in second  # the title already says "(demo)"
    assert "· Alue: Kouvolan keskusta-alue " in second
