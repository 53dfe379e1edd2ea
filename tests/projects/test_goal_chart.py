"""The picture of published project ideas per goal and status on the goals page."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests.projects.factories import PendingIdeaFactory, ProjectIdeaFactory, RejectedIdeaFactory
from tests.support import QUERY_BUDGETS

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
GOALS = reverse("projects:goals")


def chart_of(html):
    figure = html[html.index('<figure class="chart" id="ideas-per-goal-chart"') :]
    figure = figure[: figure.index("</figure>")]
    svg = ET.fromstring(figure[figure.index("<svg") : figure.index("</svg>") + len("</svg>")])
    table = figure[figure.index("<table") : figure.index("</table>")]
    rows = [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)
    ]
    return svg, rows, figure


@pytest.fixture
def ideas(areas, goals):
    osallisuus, yhteistyo = goals["osallisuus"], goals["yhteistyo"]
    ProjectIdeaFactory(goals=[osallisuus], status="carried_out")
    ProjectIdeaFactory(goals=[osallisuus, yhteistyo], status="in_progress")
    ProjectIdeaFactory(goals=[yhteistyo], status="carried_out")
    ProjectIdeaFactory(goals=[yhteistyo], status="proposed")
    ProjectIdeaFactory(goals=[], status="proposed")
    # Never counted, and nothing of them shown: waiting for moderation, or rejected.
    PendingIdeaFactory(title="Odottava idea", goals=[osallisuus], proposer_name="Salainen Sakari")
    RejectedIdeaFactory(title="Hylätty idea", goals=[yhteistyo], status="carried_out")


def test_the_chart_counts_published_ideas_per_goal_and_status(client, ideas, goals):
    first, second, third = (
        goals[slug].number for slug in ["osallisuus", "ennaltaehkaisy", "yhteistyo"]
    )
    html = client.get(GOALS).content.decode()
    svg, rows, figure = chart_of(html)
    assert svg.find(f"{SVG}title").text == "Hankeideat tavoitteittain ja tilan mukaan"
    assert "julkaistujen ideoiden tilojen mukaan" in svg.find(f"{SVG}desc").text
    assert rows == [
        [
            *["Tavoite", "Ehdotettu", "Valmistelussa", "Toteutumassa", "Toteutettu"],
            *["Ei toteuteta", "Ideoita yhteensä"],
        ],
        [f"{first}. Asukkaiden osallisuutta", "0", "0", "1", "1", "0", "2"],
        [f"{second}. Ennaltaehkäisyä", "0", "0", "0", "0", "0", "0"],
        [f"{third}. Yhteistyötä", "1", "0", "1", "1", "0", "3"],
    ]
    # The bars: labels and totals in the drawing, one part per status an idea has.
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert texts == [
        *[f"{first}. Asukkaiden osallisuutta", "2"],
        *[f"{second}. Ennaltaehkäisyä", "0"],
        *[f"{third}. Yhteistyötä", "3"],
    ]
    parts = [r for r in svg.iter(f"{SVG}rect") if "chart-s" in (r.get("class") or "")]
    assert len(parts) == 5
    # The legend names every status beside its look, so colour is not the only cue.
    legend = figure[figure.index('<ul class="chart-legend">') : figure.index("</ul>")]
    for status in ["Ehdotettu", "Valmistelussa", "Toteutumassa", "Toteutettu", "Ei toteuteta"]:
        assert status in legend
    for secret in ["Odottava idea", "Hylätty idea", "Salainen Sakari"]:
        assert secret not in html
    # The list above agrees with the chart.
    assert re.search(r"asukkaiden osallisuutta</a> \(2 ideaa\)", html)


def test_the_english_goals_page_has_an_english_chart(client, ideas):
    html = client.get("/en" + GOALS).content.decode()
    svg, rows, _figure = chart_of(html)
    assert svg.find(f"{SVG}title").text == "Project ideas per goal and status"
    assert rows[0] == [
        *["Goal", "Proposed", "Under preparation", "In progress", "Carried out"],
        *["Not pursued", "Ideas in all"],
    ]


def test_the_counts_take_the_same_queries_for_few_and_many_ideas(
    client, areas, goals, django_assert_max_num_queries
):
    def add(count):
        for n in range(count):
            ProjectIdeaFactory(
                goals=list(goals.values())[: 1 + n % 3],
                status=["proposed", "in_progress", "carried_out"][n % 3],
            )

    add(3)
    with django_assert_max_num_queries(QUERY_BUDGETS["goal_list"]) as few:
        assert client.get(GOALS).status_code == 200
    add(27)
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        html = client.get(GOALS).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    _svg, rows, _figure = chart_of(html)
    assert rows[1][-1] == "30"  # every idea serves the first goal
