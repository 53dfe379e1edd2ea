"""The picture of applicants per area and campaign on /jasenhaku/, and its table."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from committees.models import Committee
from recruitment.models import Application
from tests.recruitment.factories import ApplicationFactory, open_campaign

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def chart_of(html):
    """The chart's SVG parsed as XML (well-formed or an error) and its table's rows."""
    figure = html[html.index('<figure class="chart" id="applicants-chart"') :]
    figure = figure[: figure.index("</figure>")]
    svg = ET.fromstring(figure[figure.index("<svg") : figure.index("</svg>") + len("</svg>")])
    table = figure[figure.index("<table") : figure.index("</table>")]
    rows = [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)
    ]
    return svg, rows


def test_the_chart_shows_every_campaign_by_area_with_the_same_numbers_as_its_table(
    client, city_facts
):
    anjala = Committee.objects.get(slug="anjalankoski")
    valkeala = Committee.objects.get(slug="valkeala")
    campaign = open_campaign(anjala, valkeala, title="Täydennyshaku", slug="taydennys")
    ApplicationFactory.create_batch(3, campaign=campaign, committee=anjala)
    ApplicationFactory(campaign=campaign, committee=valkeala)
    ApplicationFactory(campaign=campaign, committee=valkeala, status=Application.Status.WITHDRAWN)

    html = client.get(reverse("recruitment:index")).content.decode()
    svg, rows = chart_of(html)
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == "Hakijat alueittain jäsenhauissa"
    assert "ryhmiteltyinä jäsenhauittain" in svg.find(f"{SVG}desc").text
    assert svg.get("aria-labelledby") == svg.find(f"{SVG}title").get("id")
    assert svg.get("aria-describedby") == svg.find(f"{SVG}desc").get("id")
    # Oldest first; each bar labelled with its area and number; withdrawn ones not counted.
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert texts == [
        "Jäsenhaku 2018 – pilottialueet",
        "Anjalankoski, Valkeala yhteensä",
        "40",
        "Jäsenhaku 2019",
        *["Elimäki-Koria, Kouvolan keskusta-alue,", "Kuusankoski-Jaala yhteensä", "55"],
        "Jäsenhaku 2021",
        *["Anjalankoski", "14", "Elimäki-Koria", "11", "Kouvolan keskusta-alue", "22"],
        *["Kuusankoski-Jaala", "27", "Valkeala", "15"],
        "Täydennyshaku (haku käynnissä)",
        *["Anjalankoski", "3", "Valkeala", "1"],
    ]
    assert rows == [
        ["Alue", "Hakijat"],
        ["Jäsenhaku 2018 – pilottialueet"],
        ["Anjalankoski, Valkeala yhteensä", "40"],
        ["Jäsenhaku 2019"],
        ["Elimäki-Koria, Kouvolan keskusta-alue, Kuusankoski-Jaala yhteensä", "55"],
        ["Jäsenhaku 2021"],
        ["Anjalankoski", "14"],
        ["Elimäki-Koria", "11"],
        ["Kouvolan keskusta-alue", "22"],
        ["Kuusankoski-Jaala", "27"],
        ["Valkeala", "15"],
        ["Täydennyshaku (haku käynnissä)"],
        ["Anjalankoski", "3"],
        ["Valkeala", "1"],
    ]
    # An area looks the same in every campaign; a total recorded for several is neutral.
    styles = [r.get("class") for r in svg.iter(f"{SVG}rect") if "chart-s" in r.get("class", "")]
    assert styles[0] == styles[1] == "chart-bar chart-s0"
    assert styles[2] == styles[7] and styles[6] == styles[8]
    assert "Luvut taulukkona" in html


def test_the_english_page_has_an_english_chart(client, city_facts):
    html = client.get("/en" + reverse("recruitment:index")).content.decode()
    svg, rows = chart_of(html)
    assert svg.find(f"{SVG}title").text == "Applicants per area in each recruitment"
    assert svg.find(f"{SVG}desc").text.startswith("Horizontal bars, one per area")
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert texts[:3] == ["Recruitment 2018 – pilot areas", "Anjalankoski, Valkeala together", "40"]
    assert rows[0] == ["Area", "Applicants"]
    assert "The numbers as a table" in html


def test_without_campaigns_there_is_no_empty_chart(client, db):
    html = client.get(reverse("recruitment:index")).content.decode()
    assert "Jäsenhaku ei ole tällä hetkellä auki." in html
    assert 'id="applicants-chart"' not in html
