"""The public pages as a resident reads them."""

import datetime

import pytest
from django.utils import timezone

from committees import seed
from committees.models import Membership
from portal.models import PageSection
from tests.factories import (
    CommitteeFactory,
    DeputyFactory,
    MembershipFactory,
    PageSectionFactory,
    PersonFactory,
    TermFactory,
    current_term,
    roster,
)

pytestmark = pytest.mark.django_db


def source_of(response):
    """The page's HTML as sent."""
    return response.content.decode()


def test_home_page_tells_the_source_pages_facts(client, city_facts):
    page = source_of(client.get("/"))
    for fact in [
        "Aluetoimikunnat tarjoavat asukkaille mahdollisuuden kehittää aluetta",
        "tilastollisia suuralueita",
        "palvelumallin PM2030",
        "kaupungin sisäistä vetovoimaa",
        "eri toimijoiden välistä yhteistyötä ja verkostoitumista",
        "13.12.2021",
        "2022–2025",
        "7–11 jäsentä",
        "elinvoimajaosto tukee ja ohjaa aluetoimintaa",
        "Hakijoita oli silloin 40",
        "Hakijoita oli 55",
        "22.7.–9.9.2021",
        "Kuusankoski-Jaala aluetoimikunta 27",
        "Kiitokset kaikille hakijoille",
    ]:
        assert fact in page, fact
    assert page.count('<li id="tavoite-') == 13
    for slug in ["anjalankoski", "elimaki-koria", "keskusta", "kuusankoski-jaala", "valkeala"]:
        assert f'href="/aluetoimikunnat/{slug}/"' in page


def test_home_page_text_is_what_staff_wrote(client, city_facts):
    section = PageSection.objects.get(page=PageSection.Page.HOME, key="history")
    section.body = "Uusi historiateksti."
    section.save()
    page = source_of(client.get("/"))
    assert "Uusi historiateksti." in page
    assert "Hakijoita oli 55" not in page


def test_committee_list(client, city_facts):
    response = client.get("/aluetoimikunnat/")
    assert response.status_code == 200
    for name in [
        "Anjalankosken aluetoimikunta",
        "Elimäki-Korian aluetoimikunta",
        "Kouvolan keskusta-alueen aluetoimikunta",
        "Kuusankoski-Jaalan aluetoimikunta",
        "Valkealan aluetoimikunta",
    ]:
        assert name in source_of(response)


def test_committee_page_shows_the_current_roster_with_roles_and_pairs(client, committee):
    term = current_term(council_decision_on=datetime.date(2025, 12, 10))
    chair = MembershipFactory(
        committee=committee,
        term=term,
        role=Membership.Role.CHAIR,
        person=PersonFactory(first_name="Aino", last_name="Puheenjohtaja"),
    )
    MembershipFactory(
        committee=committee,
        term=term,
        role=Membership.Role.VICE_CHAIR,
        person=PersonFactory(first_name="Eino", last_name="Varapuheenjohtaja"),
    )
    DeputyFactory(
        committee=committee,
        term=term,
        personal_deputy_of=chair,
        person=PersonFactory(first_name="Helmi", last_name="Varalla"),
    )
    page = source_of(client.get(committee.get_absolute_url()))
    assert "Aino Puheenjohtaja" in page
    assert "Puheenjohtaja</td>" in page
    assert "Varapuheenjohtaja</td>" in page
    # The deputy is shown on the row of the member they stand in for.
    # (The chair's name also heads the page's summary; the row is the roster table's.)
    roster_table = page.split('class="table roster"')[1]
    chair_row = roster_table.split("Aino Puheenjohtaja")[1].split("</tr>")[0]
    assert "Helmi Varalla" in chair_row
    assert "10.12.2025" in page
    assert "Kokoonpano on vajaa" in page


def test_committee_page_shows_contact_task_and_areas(client):
    committee = CommitteeFactory(
        contact_email="alue@example.fi",
        task="Edistää alueen hyvinvointia.",
        statistical_areas="Elimäki\nKoria",
    )
    page = source_of(client.get(committee.get_absolute_url()))
    assert 'href="mailto:alue@example.fi"' in page
    assert "Edistää alueen hyvinvointia." in page
    assert "Elimäki, Koria" in page


def test_resigned_members_keep_their_history(client, committee, term):
    MembershipFactory(
        committee=committee,
        term=term,
        person=PersonFactory(first_name="Onni", last_name="Eronnut"),
        ends_on=term.starts_on + datetime.timedelta(days=40),
    )
    page = source_of(client.get(committee.get_absolute_url()))
    assert "Kesken toimikauden eronneet" in page
    assert "Onni Eronnut (jäsen)" in page


def test_between_terms_the_page_says_so(client, committee):
    today = timezone.localdate()
    TermFactory(
        name="Edellinen",
        slug="edellinen",
        starts_on=today - datetime.timedelta(days=400),
        ends_on=today - datetime.timedelta(days=1),
    )
    page = source_of(client.get(committee.get_absolute_url()))
    assert "Tällä hetkellä mikään toimikausi ei ole käynnissä." in page
    assert "Toimikausi Edellinen päättyi" in page
    assert "<table" not in page


def test_an_earlier_term_has_its_own_page(client, committee):
    earlier = TermFactory(starts_on=datetime.date(2019, 1, 1), ends_on=datetime.date(2021, 12, 31))
    current_term()
    MembershipFactory(
        committee=committee,
        term=earlier,
        person=PersonFactory(first_name="Lempi", last_name="Entinen"),
    )
    page = source_of(client.get(committee.get_absolute_url()))
    assert f'href="/aluetoimikunnat/{committee.slug}/{earlier.slug}/"' in page
    assert "Lempi Entinen" not in page
    term_page = source_of(client.get(f"/aluetoimikunnat/{committee.slug}/{earlier.slug}/"))
    assert "Lempi Entinen" in term_page
    assert "Tämä toimikausi on päättynyt." in term_page


def test_unknown_committee_and_term_are_404(client, committee):
    assert client.get("/aluetoimikunnat/ei-ole/").status_code == 404
    response = client.get(f"/aluetoimikunnat/{committee.slug}/1900-1901/")
    assert response.status_code == 404
    assert "Toimikautta ei löytynyt" in source_of(response)


def test_a_term_before_the_committee_existed_is_404(client):
    committee = CommitteeFactory(started_on=datetime.date(2022, 6, 1))
    old = TermFactory(starts_on=datetime.date(2018, 9, 1), ends_on=datetime.date(2021, 12, 31))
    assert client.get(f"/aluetoimikunnat/{committee.slug}/{old.slug}/").status_code == 404


def test_accessibility_and_privacy_pages_exist(client, city_facts):
    accessibility = client.get("/saavutettavuus/")
    privacy = client.get("/tietosuoja/")
    assert "<h1>Saavutettavuusseloste</h1>" in source_of(accessibility)
    assert "WCAG 2.1" in source_of(accessibility)
    assert "<h1>Tietosuojaseloste</h1>" in source_of(privacy)
    home = source_of(client.get("/"))
    assert 'href="/saavutettavuus/"' in home
    assert 'href="/tietosuoja/"' in home


def test_every_page_has_a_skip_link_and_finnish_language(client, city_facts):
    page = source_of(client.get("/aluetoimikunnat/valkeala/"))
    assert '<html lang="fi">' in page
    assert '<a class="skip-link" href="#content">Siirry sisältöön</a>' in page
    assert '<main id="content"' in page


def test_demo_content_is_marked(client, city_facts):
    seed.seed_demo()
    page = source_of(client.get("/aluetoimikunnat/keskusta/"))
    assert "Tällä sivulla on esittelyaineistoa" in page
    earlier = source_of(client.get("/aluetoimikunnat/keskusta/2022-2025/"))
    assert "esittelyaineistoa" not in earlier


def test_page_sections_render_plain_text_safely(client):
    PageSectionFactory(body="<script>alert(1)</script>\n\nToinen kappale")
    page = source_of(client.get("/"))
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;" in page
    assert "<p>Toinen kappale</p>" in page


def test_english_ui_shows_english_texts(client, city_facts):
    page = source_of(client.get("/en/aluetoimikunnat/valkeala/"))
    assert '<html lang="en">' in page
    assert "<h1>Valkeala area committee</h1>" in page
    assert "promote and support development projects" in page
    assert "Skip to content" in page
    home = source_of(client.get("/en/"))
    assert "the city&#x27;s internal attractiveness" in home
    assert "13.12.2021" in home


def test_browser_language_alone_does_not_switch_to_english(client, city_facts):
    page = source_of(client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"))
    assert '<html lang="fi">' in page


def test_roster_counts_on_the_list(client, committee, term):
    roster(committee, term, members=8)
    page = source_of(client.get("/aluetoimikunnat/"))
    assert "8 jäsentä nykyisellä toimikaudella" in page
