import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_resident_reads_a_committee_and_its_earlier_term(
    live_server, page, demo_committees, assert_accessible
):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kouvolan aluetoimikunnat")
    expect(page.get_by_text("kaupungin sisäistä vetovoimaa")).to_be_visible()
    assert_accessible(page)

    # The skip link is the first stop of the keyboard and moves focus to the content.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Siirry sisältöön")).to_be_focused()

    page.get_by_role("link", name="Valkealan aluetoimikunta").first.click()
    expect(page).to_have_url(re.compile(r"/aluetoimikunnat/valkeala/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Valkealan aluetoimikunta")
    expect(page.get_by_role("table")).to_contain_text("Puheenjohtaja")
    expect(page.get_by_role("complementary", name="Esittelyaineisto")).to_contain_text(
        "esittelyaineistoa"
    )
    assert_accessible(page)

    page.get_by_role("link", name="Toimikausi 2022–2025").click()
    expect(page).to_have_url(re.compile(r"/aluetoimikunnat/valkeala/2022-2025/$"))
    expect(page.get_by_text("13.12.2021")).to_be_visible()
    assert_accessible(page)


def test_the_language_switch_keeps_the_page_without_javascript(
    live_server, new_context, demo_committees
):
    context = new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/hankkeet/?alue=valkeala")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hankeideat")
    page.get_by_role("link", name="English").click()
    # The same page, filter kept, now in English at its own address.
    expect(page).to_have_url(live_server.url + "/en/hankkeet/?alue=valkeala")
    expect(page.get_by_role("heading", level=1)).to_have_text("Project ideas")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_label(re.compile("Valkeala"))).to_be_checked()
    page.get_by_role("link", name="Suomi").click()
    expect(page).to_have_url(live_server.url + "/hankkeet/?alue=valkeala")
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    context.close()


def test_a_resident_reads_the_english_pages(live_server, page, demo_committees, assert_accessible):
    page.goto(live_server.url + "/en/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kouvola's area committees")
    assert_accessible(page)
    page.get_by_role("link", name="Valkeala area committee").first.click()
    expect(page).to_have_url(re.compile(r"/en/aluetoimikunnat/valkeala/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Valkeala area committee")
    assert_accessible(page)
