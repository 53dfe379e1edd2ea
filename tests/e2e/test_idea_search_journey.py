import json
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_resident_finds_ideas_in_search_feed_and_open_data(
    live_server, page, demo_ideas, assert_accessible
):
    page.goto(live_server.url + "/hankkeet/")
    feed = page.get_by_role("link", name="Seuraa uusia hankeideoita (Atom-syöte)")
    expect(feed).to_have_attribute("href", "/hankkeet/syote.atom")
    expect(
        page.locator('head link[rel="alternate"][type="application/atom+xml"]')
    ).to_have_attribute("href", "/hankkeet/syote.atom")
    assert_accessible(page)

    response = page.request.get(live_server.url + "/hankkeet/syote.atom")
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    assert "Jaalan yhteinen veneranta" in response.text()
    assert "Koirapuisto" not in response.text()

    # An inflected word finds the idea; the proposal waiting in the queue is not found.
    search = page.get_by_role("search").first
    search.get_by_label("Hae sivustolta").fill("venerannalla")
    search.get_by_role("button", name="Haku").click()
    expect(page).to_have_url(re.compile(r"/haku/\?q=venerannalla$"))
    result = page.get_by_role("link", name="Jaalan yhteinen veneranta", exact=True)
    expect(result).to_be_visible()
    expect(page.locator(".search-group", has=result).get_by_role("heading", level=3)).to_have_text(
        re.compile(r"^Hankeideat \(\d+\)$")
    )
    expect(page.locator(".search-snippet mark").first).to_contain_text(
        re.compile("veneran", re.IGNORECASE)
    )
    assert_accessible(page)

    page.get_by_label("Hae aluetoimikuntien sivuilta").fill("koirapuistoon")
    page.get_by_role("main").get_by_role("button", name="Haku").click()
    expect(page.get_by_role("status")).to_contain_text("0 tulosta")
    expect(page.get_by_role("link", name=re.compile("Koirapuisto"))).to_have_count(0)
    assert_accessible(page)

    page.get_by_label("Hae aluetoimikuntien sivuilta").fill("kulttuuriviikolla")
    page.get_by_role("main").get_by_role("button", name="Haku").click()
    page.get_by_role("link", name="Aluekeskusten yhteinen kulttuuriviikko").click()
    expect(page).to_have_url(re.compile(r"/hankkeet/aluekeskusten-kulttuuriviikko/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Aluekeskusten yhteinen kulttuuriviikko"
    )

    page.goto(live_server.url + "/avoin-data/")
    expect(page.get_by_role("heading", name="Hankeideat", exact=True)).to_be_visible()
    expect(page.locator('a[href="/avoin-data/hankeideat.csv"]')).to_be_visible()
    expect(page.locator('a[href="/hankkeet/syote.atom"]')).to_be_visible()
    assert_accessible(page)
    data = json.loads(page.request.get(live_server.url + "/avoin-data/hankeideat.json").text())
    slugs = {record["slug"] for record in data["records"]}
    assert "jaalan-veneranta" in slugs
    assert "koirapuisto-kouvolan-keskustaan" not in slugs
    assert "Ehdottaja" not in json.dumps(data, ensure_ascii=False)
