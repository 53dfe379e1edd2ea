import pytest
from playwright.sync_api import expect

from committees import seed
from committees.models import Membership
from tests.factories import clerk

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_clerk_signs_in_and_finds_a_roster(live_server, page, city_facts):
    seed.seed_demo()
    clerk(username="virkailija", password="Kouvola-testi-2026")

    page.goto(live_server.url + "/admin/")
    page.get_by_label("Käyttäjätunnus").fill("virkailija")
    page.get_by_label("Salasana").fill("Kouvola-testi-2026")
    page.get_by_role("button", name="Kirjaudu sisään").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aluetoimikuntien ylläpito")

    page.get_by_role("link", name="Jäsenyydet").first.click()
    page.get_by_role("link", name="puheenjohtaja", exact=True).click()
    expect(page.locator("#result_list tbody tr")).to_have_count(5)

    chair = Membership.objects.get(committee__slug="valkeala", role="chair").person
    page.locator("#searchbar").fill(chair.last_name)
    page.locator("#searchbar").press("Enter")
    expect(page.locator("#result_list")).to_contain_text(str(chair))
    expect(page.locator("#result_list")).to_contain_text("Valkealan aluetoimikunta")
