"""A resident looks at the pictures of the recruitment and goals pages, on a phone, and reads
their numbers from the table by keyboard; then finds how to report an accessibility problem."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def page_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize(
    ("path", "name", "cell"),
    [
        ("/jasenhaku/", "Hakijat alueittain jäsenhauissa", "Kuusankoski-Jaala"),
        ("/hankkeet/tavoitteet/", "Hankeideat tavoitteittain ja tilan mukaan", "Toteutettu"),
    ],
)
def test_a_chart_fits_a_small_phone_and_its_numbers_open_as_a_table(
    live_server, page, demo_content, assert_accessible, path, name, cell
):
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto(live_server.url + path)
    chart = page.get_by_role("img", name=name)
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320, box
    assert page_width(page) <= 320
    table = page.get_by_role("table", name=name)
    expect(table).to_be_hidden()
    summary = page.get_by_text("Luvut taulukkona")
    summary.focus()
    page.keyboard.press("Enter")
    expect(table).to_be_visible()
    expect(table).to_contain_text(cell)
    assert page_width(page) <= 320
    assert_accessible(page)


def test_the_accessibility_statement_tells_where_to_report_a_problem(
    live_server, page, demo_content, assert_accessible
):
    page.goto(live_server.url + "/")
    page.get_by_role("contentinfo").get_by_role("link", name="Saavutettavuusseloste").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Saavutettavuusseloste")
    expect(page.get_by_role("link", name="aluetoimikunnat@kouvola.fi")).to_have_attribute(
        "href", "mailto:aluetoimikunnat@kouvola.fi"
    )
    expect(page.get_by_role("heading", name="Valvontaviranomainen")).to_be_visible()
    assert_accessible(page)
