"""The platform's bar charts: their layout, and the SVG and table a page draws from it."""

import re
import xml.etree.ElementTree as ET

from django.template.loader import render_to_string
from django.utils import translation

from kouvola_alue.charts import WIDTH, grouped_bars, stacked_bars

SVG = "{http://www.w3.org/2000/svg}"


def svg_of(html):
    """The chart's <svg> element, parsed as XML (it fails on anything not well-formed)."""
    start, end = html.index("<svg"), html.index("</svg>") + len("</svg>")
    return ET.fromstring(html[start:end])


def small_grouped():
    return grouped_bars(
        chart_id="test-chart",
        title="Hakijat <alueittain>",
        description="Palkit & luvut",
        groups=[
            ("Haku 2019", [("Kaikki alueet yhdessä", 55, None)]),
            ("Haku 2021", [("Anjalankoski", 14, "a"), ("Valkeala", 0, "v")]),
        ],
        row_label="Alue",
        value_label="Hakijat",
        group_label="Haku",
    )


def test_bars_scale_to_the_largest_number_and_stay_inside_the_drawing():
    chart = small_grouped()
    longest = chart.groups[0].rows[0]
    anjala = chart.groups[1].rows[0]
    assert longest.segments[0].width > anjala.segments[0].width > 0
    assert round(anjala.segments[0].width / longest.segments[0].width, 2) == round(14 / 55, 2)
    # A zero draws no bar but still its number; every number fits in the drawing.
    assert chart.groups[1].rows[1].segments == []
    for group in chart.groups:
        for row in group.rows:
            assert row.total_x + len(str(row.total)) * 13 * 0.6 <= WIDTH
    # An area keeps one look in every group; a bar of no one series is neutral.
    assert longest.segments[0].series.style == 0
    assert [s.key for s in chart.series] == ["a", "v"]


def test_a_long_label_wraps_instead_of_running_off_the_drawing():
    chart = stacked_bars(
        chart_id="c",
        title="t",
        description="d",
        rows=[("eri toimijoiden välistä yhteistyötä ja verkostoitumista sekä " * 2, {"x": 2})],
        series=[("x", "X")],
        row_label="Tavoite",
        total_label="Yhteensä",
    )
    row = chart.groups[0].rows[0]
    assert len(row.label_lines) > 1
    assert all(len(line.text) * 13 * 0.6 <= WIDTH for line in row.label_lines)
    assert row.bar_y > row.label_lines[-1].y


def test_the_drawing_is_well_formed_svg_with_title_desc_and_a_table_of_the_same_numbers():
    with translation.override("fi"):
        html = render_to_string("includes/bar_chart.html", {"chart": small_grouped()})
    svg = svg_of(html)
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "test-chart-title"
    assert svg.find(f"{SVG}title").text == "Hakijat <alueittain>"
    assert svg.find(f"{SVG}desc").text == "Palkit & luvut"
    assert svg.find(f"{SVG}title").get("id") == "test-chart-title"
    assert svg.get("viewBox").startswith(f"0 0 {WIDTH} ")
    # Numbers in the drawing are never written with a Finnish decimal comma.
    for rect in svg.iter(f"{SVG}rect"):
        float(rect.get("width"))
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert texts == [
        *["Haku 2019", "Kaikki alueet yhdessä", "55"],
        *["Haku 2021", "Anjalankoski", "14", "Valkeala", "0"],
    ]
    table = re.sub(r"\s+", " ", html[html.index("<table") : html.index("</table>")])
    assert '<th scope="rowgroup" colspan="2">Haku 2021</th>' in table
    assert '<th scope="row">Anjalankoski</th> <td class="text-end">14</td>' in table
