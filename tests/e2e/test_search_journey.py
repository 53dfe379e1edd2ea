import re

import pytest
from playwright.sync_api import expect

from committees.models import Committee
from tests.committees.factories import CommunitySpaceFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_resident_searches_in_finnish_and_finds_inflected_words(
    live_server, page, demo_meetings, assert_accessible
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
    page.goto(live_server.url + "/haku/?q=%3Cscript%3E%27%3B--" + "x" * 500 + "&sivu=%3Cb%3E")
    expect(page.get_by_role("heading", level=1)).to_have_text("Haku")
    assert_accessible(page)


def test_resident_narrows_the_results_to_one_type_and_pages_through_them(
    live_server, page, demo_meetings, assert_accessible
):
    page.goto(live_server.url + "/haku/?q=kulttuuri")
    types = page.get_by_role("navigation", name="Tulosten tyyppi")
    expect(
        types.get_by_role("link", name=re.compile(r"^Kaikki tulokset \(\d+\)$"))
    ).to_have_attribute("aria-current", "true")
    # The results come under a heading for each type, with its count.
    expect(page.get_by_role("heading", name=re.compile(r"^Kokoukset \(\d+\)$"))).to_be_visible()
    expect(
        page.get_by_role("heading", name=re.compile(r"^Aluetoimikunnat \(\d+\)$"))
    ).to_be_visible()
    # Each committee's demo meetings are one result, not one per meeting.
    valkeala = page.get_by_role("link", name="Valkealan aluetoimikunta: kokous", exact=True)
    expect(valkeala).to_have_count(1)
    expect(
        page.get_by_text(re.compile(r"^\d+ kokousta, (seuraava|viimeisin) \d+\.\d+\.\d{4}$")).first
    ).to_be_visible()
    assert_accessible(page)

    types.get_by_role("link", name=re.compile(r"^Kokoukset \(")).click()
    expect(page).to_have_url(re.compile(r"/haku/\?q=kulttuuri&tyyppi=meeting$"))
    expect(page.get_by_role("status")).to_contain_text("– Kokoukset")
    expect(
        page.get_by_role("navigation", name="Tulosten tyyppi").get_by_role(
            "link", name=re.compile(r"^Kokoukset \(")
        )
    ).to_have_attribute("aria-current", "true")
    expect(page.get_by_role("heading", name=re.compile(r"^Aluetoimikunnat"))).to_have_count(0)
    assert_accessible(page)

    # A series leads to that committee's meetings.
    page.get_by_role("link", name="Valkealan aluetoimikunta: kokous", exact=True).click()
    expect(page).to_have_url(re.compile(r"/kokoukset/\?alue=valkeala$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kokoukset: Valkealan aluetoimikunta")

    # Pages of results, in English too, the Finnish passages marked as Finnish.
    valkeala = Committee.objects.get(slug="valkeala")
    for number in range(25):
        CommunitySpaceFactory(committee=valkeala, description=f"Kyläyhdistyksen tila {number}")
    page.goto(live_server.url + "/en/haku/?q=kyläyhdistys")
    expect(page.get_by_role("status")).to_contain_text("25 results for “kyläyhdistys”")
    pages = page.get_by_role("navigation", name="Pages of search results")
    expect(pages.get_by_role("link", name="Page 1")).to_have_attribute("aria-current", "page")
    expect(page.locator('.search-snippet[lang="fi"] mark').first).to_have_text("Kyläyhdistyksen")
    assert_accessible(page)
    pages.get_by_role("link", name="Next page").click()
    expect(page).to_have_url(re.compile(r"sivu=2$"))
    expect(page.locator(".search-result")).to_have_count(5)
    expect(
        page.get_by_role("navigation", name="Pages of search results").get_by_role(
            "link", name="Page 2"
        )
    ).to_have_attribute("aria-current", "page")
    assert_accessible(page)


def test_resident_reads_a_committees_meetings_and_subscribes(
    live_server, page, demo_meetings, assert_accessible
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
