"""The English site at a desktop width: the header keeps the Finnish one's shape, and Finnish
text that staff have not translated is marked and announced."""

import pytest
from playwright.sync_api import expect

from committees.models import CommunitySpace

pytestmark = pytest.mark.django_db(transaction=True)


def header_layout(page, url):
    page.goto(url)
    header = page.locator("header.site-header").bounding_box()
    search = page.get_by_role("searchbox").bounding_box()
    first_link = page.locator("nav.site-nav .nav-link").first.bounding_box()
    return header, search, first_link


@pytest.mark.parametrize("width", [1024, 1280])
def test_the_english_header_is_as_tall_as_the_finnish(live_server, page, demo_content, width):
    page.set_viewport_size({"width": width, "height": 800})
    finnish, _, _ = header_layout(page, live_server.url + "/")
    english, search, first_link = header_layout(page, live_server.url + "/en/")
    expect(page.get_by_role("link", name="Community spaces", exact=True)).to_be_visible()
    # The search box sits on the menu's row, not wrapped onto a row of its own.
    middle = search["y"] + search["height"] / 2
    assert abs(middle - (first_link["y"] + first_link["height"] / 2)) < 12, (search, first_link)
    assert english["height"] <= finnish["height"], (english, finnish)


def test_untranslated_text_is_read_as_finnish_on_the_english_site(
    live_server, page, demo_content, assert_accessible
):
    space = CommunitySpace.objects.filter(is_demo=True).first()
    CommunitySpace.objects.filter(pk=space.pk).update(name_en="", accessibility_en="")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/en/tilat/{space.pk}/")
    heading = page.get_by_role("heading", level=1)
    expect(heading.locator('span[lang="fi"]')).to_have_text(space.name)
    expect(heading).to_contain_text("(in Finnish)")
    expect(page.locator('dd span[lang="fi"]')).to_contain_text(space.accessibility.split(",")[0])
    expect(page.get_by_text(space.opening_hours_en.splitlines()[0])).to_be_visible()
    assert_accessible(page)
