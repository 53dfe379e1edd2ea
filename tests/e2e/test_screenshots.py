"""
The portal as the README shows it: the main pages on a desktop (1280 px) and a phone (375 px).
Each picture is of a page checked here as a visitor meets it (answers, one h1, no sideways
scrolling, axe). ``make screenshots`` runs this module with ``SCREENSHOTS_DIR`` set to
docs/screenshots, and the pictures there are refreshed; otherwise nothing is written.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = {"desktop": (1280, 800), "phone": (375, 812)}
PAGES = {
    "home": "/",
    "committee": "/aluetoimikunnat/valkeala/",
    "ideas": "/hankkeet/",
    "recruitment": "/jasenhaku/",
    "meetings": "/kokoukset/",
    "committee-en": "/en/aluetoimikunnat/valkeala/",
}


@pytest.mark.parametrize("screen", WIDTHS)
def test_the_main_pages_as_the_readme_shows_them(
    live_server, page, demo_content, screen, assert_accessible
):
    width, height = WIDTHS[screen]
    page.set_viewport_size({"width": width, "height": height})
    folder = os.environ.get("SCREENSHOTS_DIR")
    for name, path in PAGES.items():
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        assert not page.evaluate(
            "document.documentElement.scrollWidth > document.documentElement.clientWidth"
        ), path
        assert_accessible(page)
        if folder:
            # The first screen, as a person sees it on opening the page.
            page.screenshot(path=Path(folder) / f"{name}-{screen}.png", animations="disabled")
