"""On a phone: the committee's essentials on the first screen, a menu that folds, no page wider
than a 320 px screen."""

import re

import pytest
from playwright.sync_api import expect

from tests.support import NO_MOTION_CSS

pytestmark = pytest.mark.django_db(transaction=True)

MAIN_PAGES = [
    "/",
    "/aluetoimikunnat/",
    "/aluetoimikunnat/valkeala/",
    "/aluetoimikunnat/valkeala/2022-2025/",
    "/jasenhaku/",
    "/hankkeet/",
    "/hankkeet/ehdota/",
    "/hankkeet/tavoitteet/",
    "/kokoukset/",
    "/tilat/",
    "/haku/?q=kouvola",
    "/avoin-data/",
    "/saavutettavuus/",
    "/tietosuoja/",
    "/en/aluetoimikunnat/valkeala/",
]


def test_the_committee_page_answers_who_and_when_on_the_first_screen(
    live_server, page, demo_content, assert_accessible
):
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(live_server.url + "/aluetoimikunnat/valkeala/")
    summary = page.locator("section.committee-summary")
    expect(summary).to_contain_text("Puheenjohtaja")
    expect(summary).to_contain_text("Seuraava kokous")
    expect(summary).to_contain_text("jäsentä")
    expect(summary.get_by_role("link", name="Kalenteri (iCalendar)")).to_be_visible()
    box = summary.bounding_box()
    assert box["y"] >= 0
    assert box["y"] + box["height"] <= 812, box
    # The header stays compact: the name, the language and the menu's toggle in one band.
    header = page.locator("header.site-header").bounding_box()
    assert header["height"] <= 80, header
    expect(page.locator("nav.site-nav")).to_be_hidden()
    assert_accessible(page)

    # The next meeting's link leads to that meeting.
    summary.locator("a time").click()
    expect(page).to_have_url(re.compile(r"/kokoukset/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Valkeala")


def test_the_menu_opens_from_the_keyboard(live_server, page, demo_content, assert_accessible):
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(live_server.url + "/")
    toggle = page.locator("summary.site-menu-toggle")
    toggle.focus()
    # The focus ring is drawn (an outline), not left to the browser's default.
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") in (
        "solid",
        "auto",
    )
    page.keyboard.press("Enter")
    link = page.get_by_role("link", name="Hankeideat", exact=True)
    expect(link).to_be_visible()
    assert_accessible(page)
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hankeideat")


def test_the_menu_is_open_on_a_wide_screen(live_server, page, demo_content):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + "/")
    expect(page.locator("summary.site-menu-toggle")).to_be_hidden()
    expect(page.get_by_role("link", name="Kokoukset", exact=True)).to_be_visible()
    expect(page.get_by_role("searchbox")).to_be_visible()


def test_no_main_page_scrolls_sideways_on_a_320_px_phone(
    live_server, page, demo_content, assert_accessible
):
    page.set_viewport_size({"width": 320, "height": 640})
    wide = {}
    for path in MAIN_PAGES:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            wide[path] = width
        assert_accessible(page)
    assert not wide, wide


def test_a_roster_prints_without_the_sites_chrome(live_server, page, demo_content):
    page.goto(live_server.url + "/aluetoimikunnat/valkeala/")
    page.emulate_media(media="print")
    expect(page.locator("header.site-header")).to_be_hidden()
    expect(page.locator("footer.site-footer")).to_be_hidden()
    # On paper the roster is a table again, with its column headings.
    expect(page.locator("table.roster thead")).to_be_visible()
    expect(page.locator("table.roster")).to_contain_text("Puheenjohtaja")


def test_nothing_moves_in_the_browser_tests_so_axe_never_sees_a_colour_mid_way(
    live_server, page, new_context
):
    """
    The menu's test once failed under load: axe read the search button's focus transition
    half-way. Every browser context asks for reduced motion and has transitions and animations
    turned off (tests/e2e/conftest.py), with JavaScript and without.
    """
    # Django's admin stylesheet animates its links' colour (admin/css/base.css).
    page.goto(live_server.url + "/admin/login/")
    assert page.evaluate("matchMedia('(prefers-reduced-motion: reduce)').matches")
    link = page.locator("a[href]").first
    expect(link).to_be_attached()
    style = "e => [getComputedStyle(e).transitionDuration, getComputedStyle(e).animationName]"
    assert link.evaluate(style) == ["0s", "none"]
    sheet = page.locator('link[rel="stylesheet"][href*="admin/css/base.css"]')
    expect(sheet).to_have_count(1)
    css_url = live_server.url + sheet.get_attribute("href")
    without_javascript = new_context(java_script_enabled=False).new_page()
    css = without_javascript.goto(css_url).text()
    assert "transition: color 0.15s" in css
    assert css.rstrip().endswith(NO_MOTION_CSS)
