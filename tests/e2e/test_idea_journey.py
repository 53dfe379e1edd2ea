import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from playwright.sync_api import expect

from kouvola_alue.staff_group import GROUP_NAME
from projects.forms import ProposalForm
from tests.factories import clerk

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Kirjastoauto kyliin"


@pytest.fixture
def staff_group():
    """
    The flush between browser tests empties the group a data migration made; its grants
    are tested in tests/projects/test_admin.py, here it only needs to moderate ideas.
    """
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="projects"))
    return group


@pytest.fixture
def quick_form(monkeypatch):
    """The browser fills the form faster than a person could; the time check is tested apart."""
    monkeypatch.setattr(ProposalForm, "min_fill_seconds", 0)


def test_resident_browses_ideas_by_area(live_server, page, demo_ideas, assert_accessible):
    page.goto(live_server.url + "/hankkeet/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hankeideat")
    expect(page.get_by_role("complementary", name="Esittelyaineisto")).to_contain_text(
        "esittelyaineistoa"
    )
    assert_accessible(page)

    page.get_by_label(re.compile(r"^Valkeala \(\d+\)$")).check()
    page.get_by_label(re.compile(r"^Kouvolan keskusta-alue \(\d+\)$")).check()
    page.get_by_role("button", name="Näytä ideat").click()
    expect(page).to_have_url(re.compile(r"alue=keskusta&alue=valkeala|alue=valkeala&alue=keskusta"))
    expect(page.get_by_role("heading", name=re.compile(r"^\d+ hankeideaa$"))).to_be_visible()
    expect(page.get_by_role("link", name="Digiapua aluekeskuksissa")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Digiapua aluekeskuksissa").click()
    expect(page.get_by_text("Toteutettu 5 alueella.")).to_be_visible()
    expect(page.get_by_role("heading", name="Tilahistoria")).to_be_visible()
    assert_accessible(page)

    # A goal reads as a whole sentence, not as the fragment that completes "to increase:".
    goal = "Tavoite 10: lisätä sähköisiä ja liikkuvia palveluja"
    page.get_by_role("link", name=goal).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(goal)
    expect(page.get_by_role("link", name="Digiapua aluekeskuksissa")).to_be_visible()
    assert_accessible(page)


def test_an_idea_proposed_in_the_browser_appears_once_a_clerk_publishes_it(
    live_server, page, demo_ideas, staff_group, quick_form, assert_accessible, sign_in_to_admin
):
    page.goto(live_server.url + "/hankkeet/")
    page.get_by_role("link", name="Ehdota hankeideaa").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ehdota hankeideaa")
    assert_accessible(page)

    page.get_by_label("Idean nimi").fill(TITLE)
    page.get_by_label("Idea lyhyesti").fill("Kirjastoauto kiertäisi kylissä kerran viikossa.")
    page.get_by_label("Kuvaus").fill("Lainaa kirjoja lähellä kotia.\n\nMyös lapsille satutunteja.")
    page.get_by_label("Nimesi").fill("Maija Ehdottaja")
    page.get_by_label("Sähköpostiosoitteesi").fill("maija@example.invalid")
    # News by e-mail is the proposer's own choice: the box starts unticked.
    news = page.get_by_label("Lähetä minulle viesti, kun idea julkaistaan ja kun sen tila muuttuu")
    expect(news).not_to_be_checked()
    news.check()

    # Sent without an area: the error is on the field and the answers are kept.
    page.get_by_role("button", name="Lähetä idea").click()
    expect(page.get_by_role("alert").first).to_contain_text("Korjaa merkityt kentät")
    expect(page.get_by_text("Valitse vähintään yksi alue.", exact=True)).to_be_visible()
    # The error summary lists it and takes a keyboard user to the first area's check box.
    summary_link = page.get_by_role("link", name="Alueet: Valitse vähintään yksi alue.")
    expect(summary_link).to_have_attribute("href", "#id_committees_0")
    expect(page.get_by_label("Idean nimi")).to_have_value(TITLE)
    assert_accessible(page)

    page.get_by_label("Valkeala").check()
    page.get_by_label("Kouvolan keskusta-alue").check()
    page.get_by_label("asukkaille mielenkiintoista toimintaa").check()
    page.get_by_role("button", name="Lähetä idea").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiitos ideastasi")
    expect(page.get_by_text("Kuittaus lähettämistäsi tiedoista on matkalla")).to_be_visible()
    assert_accessible(page)
    (receipt,) = [m for m in mail.outbox if m.to == ["maija@example.invalid"]]
    assert receipt.subject == "Olemme vastaanottaneet hankeideasi"
    assert f"Idean nimi: {TITLE}" in receipt.body
    assert "Lainaa kirjoja lähellä kotia." in receipt.body

    # Waiting for moderation: nowhere on the site.
    for path in ("/hankkeet/", "/aluetoimikunnat/valkeala/", "/"):
        page.goto(live_server.url + path)
        expect(page.get_by_text(TITLE)).to_have_count(0)

    # A clerk publishes it from the moderation queue.
    user = clerk(username="virkailija")
    user.set_password("salasana-testi-123")
    user.save()
    sign_in_to_admin(page, "/admin/", user, "salasana-testi-123")
    page.goto(live_server.url + "/admin/projects/projectidea/")
    row = page.locator("#result_list tbody tr").first
    expect(row).to_contain_text(TITLE)
    row.locator("input.action-select").check()
    page.locator("select[name=action]").select_option("publish_selected")
    page.locator("button[name=index]").click()
    expect(page.locator(".messagelist")).to_contain_text("1 idea julkaistu.")
    # The proposer asked for news: the publication is told once, with the idea's address.
    _receipt, published = [m for m in mail.outbox if m.to == ["maija@example.invalid"]]
    assert published.subject == f"Hankeideasi ”{TITLE}” on julkaistu"
    assert f"{live_server.url}/hankkeet/kirjastoauto-kyliin/" in published.body

    for path in ("/aluetoimikunnat/valkeala/", "/aluetoimikunnat/keskusta/"):
        page.goto(live_server.url + path)
        expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    page.goto(live_server.url + "/aluetoimikunnat/anjalankoski/")
    expect(page.get_by_text(TITLE)).to_have_count(0)

    page.goto(live_server.url + "/hankkeet/")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_text("Idea koskee 2 aluetta.")).to_be_visible()
    expect(page.get_by_text("maija@example.invalid")).to_have_count(0)
    assert_accessible(page)
