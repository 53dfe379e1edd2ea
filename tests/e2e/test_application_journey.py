import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from committees.models import Membership
from recruitment import seed
from recruitment.forms import ApplicationForm
from recruitment.models import Application, Campaign
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_campaign(demo_committees, monkeypatch):
    """The committees' demo content and the demo campaign, which it returns."""
    seed.seed_demo()
    # A browser fills the form faster than a person; the minimum time is tested elsewhere.
    monkeypatch.setattr(ApplicationForm, "min_fill_seconds", 0)
    return Campaign.objects.get(is_demo=True)


def fill_application(page):
    page.get_by_label("Etunimi").fill("Selma")
    page.get_by_label("Sukunimi").fill("Selaintestaaja")
    page.get_by_label("Sähköposti").fill("selma@example.fi")
    page.get_by_label("Asuinalue tai kylä").fill("Jokela")
    page.get_by_label("30–49").check()
    page.get_by_label("Valkealan aluetoimikunta").check()
    page.get_by_label("Tausta ja osaaminen").fill("Kyläkoulun vanhempainyhdistyksen puheenjohtaja.")
    page.get_by_label("Perustelut").fill("Haluan kylän palvelut säilyvän.")
    page.get_by_label("Olen lukenut tietosuojaseloste").check()


def test_applicant_applies_sees_errors_and_withdraws(
    live_server, page, demo_campaign, assert_accessible
):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Jäsenhaku on auki")).to_be_visible()
    page.get_by_role("link", name="Hae jäseneksi").click()
    expect(page).to_have_url(re.compile(rf"/jasenhaku/{demo_campaign.slug}/hae/$"))
    expect(page.get_by_role("link", name=re.compile("tietosuojaseloste"))).to_have_count(2)
    assert_accessible(page)

    # Sent empty: the errors are listed on top and tied to their fields.
    page.get_by_role("button", name="Lähetä hakemus").click()
    expect(page).to_have_title(re.compile(r"^Virhe:"))
    expect(page.get_by_role("alert")).to_contain_text("Hakemusta ei lähetetty")
    expect(page.get_by_label("Etunimi")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_first_name_error")).to_have_text("Kirjoita etunimesi.")
    assert_accessible(page)

    # The summary's links take the keyboard user to the field.
    page.get_by_role("link", name=re.compile("Etunimi: Kirjoita etunimesi")).click()
    expect(page.get_by_label("Etunimi")).to_be_focused()
    # A group of radio buttons: the link goes to its first option, not to "#".
    page.get_by_role("link", name=re.compile("Ikäryhmä: ")).click()
    expect(page.get_by_label("alle 30")).to_be_focused()

    fill_application(page)
    page.get_by_role("button", name="Lähetä hakemus").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiitos hakemuksestasi")
    assert_accessible(page)
    assert Application.objects.filter(email="selma@example.fi").count() == 1

    (message,) = [m for m in mail.outbox if m.to == ["selma@example.fi"]]
    link = re.search(r"http://\S+/jasenhaku/hakemus/\S+/", message.body).group(0)
    page.goto(link)
    # The token leaves the address bar (and the history) on the first visit.
    expect(page).to_have_url(re.compile(r"/jasenhaku/hakemus/oma/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hakemuksesi")
    expect(page.get_by_text("Kyläkoulun vanhempainyhdistyksen puheenjohtaja.")).to_be_visible()
    assert_accessible(page)

    # Correcting: the same checks as the form, the errors in the portal's own summary.
    page.get_by_role("link", name="Korjaa hakemusta").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Korjaa hakemustasi")
    expect(page.get_by_label("Perustelut")).to_have_value("Haluan kylän palvelut säilyvän.")
    assert_accessible(page)
    page.get_by_label("Perustelut").fill("")
    page.get_by_role("button", name="Tallenna korjaukset").click()
    expect(page).to_have_title(re.compile(r"^Virhe:"))
    expect(page.get_by_role("alert")).to_contain_text("Korjauksia ei vielä tallennettu")
    page.get_by_role("link", name=re.compile("^Perustelut: ")).click()
    expect(page.get_by_label("Perustelut")).to_be_focused()
    assert_accessible(page)
    page.get_by_label("Perustelut").fill("Haluan kylään nuorisotilan.")
    page.get_by_role("button", name="Tallenna korjaukset").click()
    # (A redirect keeps the fragment the error summary's link left in the address.)
    expect(page).to_have_url(re.compile(r"/jasenhaku/hakemus/oma/(#id_motivation)?$"))
    expect(page.get_by_role("status")).to_contain_text("Korjauksesi on tallennettu")
    expect(page.get_by_text("Haluan kylään nuorisotilan.")).to_be_visible()
    assert_accessible(page)
    (corrected,) = [m for m in mail.outbox if m.subject.startswith("Hakemustasi on korjattu")]
    assert corrected.to == ["selma@example.fi"]
    assert "Muutetut kohdat: perustelut." in corrected.body

    # Withdrawing: two buttons with distinct verbs; the one that keeps it goes back.
    page.get_by_role("link", name="Peru hakemus").click()
    page.get_by_role("link", name="Älä peru, palaa hakemukseen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hakemuksesi")
    page.get_by_role("link", name="Peru hakemus").click()
    assert_accessible(page)
    # Without the tick: the portal's error summary, not a pop-up of the browser.
    page.on("dialog", lambda dialog: pytest.fail(f"a browser pop-up: {dialog.message}"))
    page.get_by_role("button", name="Peru hakemukseni").click()
    expect(page).to_have_title(re.compile(r"^Virhe:"))
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Hakemusta ei peruttu")
    summary.get_by_role("link", name=re.compile("Vahvista perumisesi")).click()
    expect(page.get_by_label("Kyllä, peru hakemukseni ja poista tietoni")).to_be_focused()
    assert_accessible(page)
    assert Application.objects.get(email="selma@example.fi").status == "received"
    page.get_by_label("Kyllä, peru hakemukseni ja poista tietoni").check()
    page.get_by_role("button", name="Peru hakemukseni").click()
    expect(page.get_by_role("status")).to_contain_text("Hakemuksesi on peruttu")
    expect(page.get_by_text("Selaintestaaja")).to_have_count(0)
    assert_accessible(page)
    (withdrawn,) = [m for m in mail.outbox if m.subject.startswith("Hakemuksesi on peruttu")]
    assert withdrawn.to == ["selma@example.fi"]
    assert not Application.objects.filter(email="selma@example.fi").exists()


def test_the_recruitment_page_is_accessible(live_server, page, demo_campaign, assert_accessible):
    page.goto(live_server.url + "/jasenhaku/")
    expect(page.get_by_role("table", name="Hakijat alueittain – Jäsenhaku 2021")).to_contain_text(
        "27"
    )
    assert_accessible(page)


def test_the_form_works_without_javascript(live_server, new_context, demo_campaign):
    context = new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + f"/jasenhaku/{demo_campaign.slug}/hae/?toimikunta=valkeala")
    expect(page.get_by_label("Valkealan aluetoimikunta")).to_be_checked()
    fill_application(page)
    page.get_by_role("button", name="Lähetä hakemus").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiitos hakemuksestasi")
    context.close()
    assert Application.objects.get(email="selma@example.fi").committee.slug == "valkeala"


def test_the_clerk_selects_an_applicant_into_the_roster(
    live_server, page, demo_campaign, sign_in_to_admin
):
    clerk = factories.clerk(username="virkailija")
    clerk.set_password("salasana-testi-123")
    clerk.save()
    applicant = Application.objects.filter(
        campaign=demo_campaign, committee__slug="valkeala"
    ).first()
    applicant.last_name = "Valittavainen"
    applicant.save()

    sign_in_to_admin(page, "/admin/recruitment/application/", clerk, "salasana-testi-123")
    expect(
        page.get_by_role("table", name=re.compile("Hakemukset aluetoimikunnittain"))
    ).to_be_visible()

    page.locator("#searchbar").fill("Valittavainen")
    page.locator("#searchbar").press("Enter")
    page.get_by_role("checkbox", name=re.compile("Valitse tämä kohde toiminnolle")).check()
    page.get_by_role("combobox", name=re.compile("Toiminto")).select_option("select_as_member")
    page.get_by_role("button", name=re.compile("Suorita")).click()
    expect(page.locator(".messagelist")).to_contain_text("valittiin")

    membership = Membership.objects.get(person__last_name="Valittavainen")
    assert membership.committee.slug == "valkeala"
    assert membership.term == demo_campaign.term
    page.goto(live_server.url + "/aluetoimikunnat/valkeala/")
    expect(page.get_by_role("table")).to_contain_text("Valittavainen")
