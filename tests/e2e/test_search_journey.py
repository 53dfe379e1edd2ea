import re

import pytest
from playwright.sync_api import expect

from committees import seed
from committees.seed_meetings import seed_demo_meetings

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def seeded(city_facts):
    seed.seed_demo()
    seed_demo_meetings()


def test_resident_searches_in_finnish_and_finds_inflected_words(
    live_server, page, seeded, assert_accessible
):
    page.goto(live_server.url + "/")
    search = page.get_by_role("search").first
    search.get_by_label("Hae sivustolta").fill("Valkealan")
    search.get_by_role("button", name="Haku").click()
    expect(page).to_have_url(re.compile(r"/haku/\?q=Valkealan$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Haku")
    expect(page.get_by_role("status")).to_contain_text("tulosta haulla ”Valkealan”")
    expect(page.get_by_role("link", name="Valkealan aluetoimikunta", exact=True)).to_be_visible()
    expect(page.locator(".search-snippet mark").first).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Hae aluetoimikuntien sivuilta").fill("kulttuuri")
    page.get_by_role("main").get_by_role("button", name="Haku").click()
    expect(page.locator(".search-snippet mark").first).to_contain_text(
        re.compile("kulttuur", re.IGNORECASE)
    )
    assert_accessible(page)

    # Hostile input gets a normal page.
    page.goto(live_server.url + "/haku/?q=%3Cscript%3E%27%3B--" + "x" * 500)
    expect(page.get_by_role("heading", level=1)).to_have_text("Haku")
    assert_accessible(page)


def test_resident_reads_a_committees_meetings_and_subscribes(
    live_server, page, seeded, assert_accessible
):
    page.goto(live_server.url + "/aluetoimikunnat/valkeala/")
    meetings = page.get_by_role("region", name="Kokoukset")
    expect(meetings.get_by_role("heading", name="Seuraavat kokoukset")).to_be_visible()
    expect(meetings.get_by_role("heading", name="Pidetyt kokoukset")).to_be_visible()
    expect(meetings.get_by_text("Pöytäkirja luettavissa").first).to_be_visible()
    calendar = meetings.get_by_role("link", name="Tilaa kokouskalenteri (iCalendar)")
    expect(calendar).to_have_attribute("href", "/aluetoimikunnat/valkeala/kalenteri.ics")
    spaces = page.get_by_role("region", name="Yhteisötilat")
    expect(spaces.get_by_role("link", name=re.compile("Valkeala – aluekeskuksen"))).to_be_visible()
    assert_accessible(page)

    meetings.get_by_role("link", name="Kaikki toimikunnan kokoukset").click()
    expect(page).to_have_url(re.compile(r"/kokoukset/\?alue=valkeala$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kokoukset: Valkealan aluetoimikunta")
    expect(page.get_by_label("Aluetoimikunta")).to_have_value("valkeala")
    assert_accessible(page)

    # A past meeting with its minutes as PDF.
    page.get_by_role("region", name="Pidetyt kokoukset").get_by_role("link").last.click()
    expect(page.get_by_role("heading", name="Muistio tai pöytäkirja")).to_be_visible()
    pdf = page.get_by_role("link", name="Pöytäkirja (PDF)")
    expect(pdf).to_be_visible()
    response = page.request.get(live_server.url + pdf.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")
    assert_accessible(page)

    page.goto(live_server.url + "/avoin-data/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Avoin data")
    assert_accessible(page)
    page.goto(live_server.url + "/tilat/")
    assert_accessible(page)
