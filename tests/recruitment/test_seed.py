"""The campaigns from recruitment/data/campaigns.yaml, the privacy notice and the demo campaign."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from committees import seed as committee_seed
from committees.models import Term
from portal.models import PageSection
from recruitment import seed
from recruitment.models import Application, Campaign, RecordedCount

pytestmark = pytest.mark.django_db


def test_the_campaigns_and_their_numbers_are_on_the_recruitment_page(client, city_facts):
    assert (city_facts["campaigns"], city_facts["recorded numbers"]) == (3, 5)
    campaign = Campaign.objects.get(slug="2021")
    assert campaign.term.slug == "2022-2025"
    assert str(campaign.council_meeting_on) == "2021-12-13"
    assert campaign.committees.count() == 5
    assert (
        sum(RecordedCount.objects.filter(campaign=campaign).values_list("applicants", flat=True))
        == campaign.recorded_total
        == 89
    )
    assert set(Campaign.objects.get(slug="2018").committees.values_list("slug", flat=True)) == {
        "anjalankoski",
        "valkeala",
    }
    page = client.get(reverse("recruitment:index")).content.decode()
    for text in ("Jäsenhaku 2018 – pilottialueet", "Jäsenhaku 2019", "Jäsenhaku 2021"):
        assert text in page, text
    detail = client.get(campaign.get_absolute_url()).content.decode()
    assert "22.7.–9.9.2021" in detail
    assert "Kiitokset kaikille hakijoille." in detail


def test_running_again_creates_nothing_and_keeps_staff_edits(client, city_facts):
    Campaign.objects.filter(slug="2021").update(title="Muokattu otsikko")
    RecordedCount.objects.filter(committee__slug="valkeala").update(applicants=1)
    Campaign.objects.get(slug="2018").committees.remove(
        *Campaign.objects.get(slug="2018").committees.filter(slug="valkeala")
    )
    assert seed.seed_facts() == {"campaigns": 0, "recorded numbers": 0}
    assert Campaign.objects.get(slug="2021").title == "Muokattu otsikko"
    assert RecordedCount.objects.get(committee__slug="valkeala").applicants == 1
    assert list(Campaign.objects.get(slug="2018").committees.values_list("slug", flat=True)) == [
        "anjalankoski"
    ]
    page = client.get(reverse("recruitment:index")).content.decode()
    assert "Muokattu otsikko" in page


def test_the_privacy_notice_covers_what_the_law_asks(client, city_facts):
    sections = PageSection.objects.filter(page=PageSection.Page.PRIVACY)
    assert all(s.body and s.body_en and s.title_en for s in sections.exclude(key="controller"))
    html = client.get(reverse("privacy")).content.decode()
    for text in (
        "Kouvolan kaupunki, elinvoimajaosto",  # controller
        "kirjaamo@kouvola.fi",  # contact
        "6 artiklan 1 kohdan e alakohta",  # legal basis
        "asuinalue, ikäryhmä",  # data categories
        "julkisuudesta",  # recipients and publicity
        # retention, from the declaration (the sections refer to the table)
        "Hakijoiden nimet, yhteystiedot ja vastaukset</th><td>1 vuosi</td><td>haun päätyttyä",
        "oikeus vaatia",  # rights
        "Tietosuojavaltuutetun toimisto",  # complaint
    ):
        assert text in html, text
    html = client.get("/en" + reverse("privacy")).content.decode()
    assert "Data Protection Ombudsman" in html
    assert "Article 6(1)(e)" in html


def test_the_form_links_the_privacy_notice(client, city_facts):
    committee_seed.seed_demo()
    seed.seed_demo()
    campaign = Campaign.objects.get(is_demo=True)
    html = client.get(reverse("recruitment:apply", kwargs={"slug": campaign.slug})).content
    assert b'href="/tietosuoja/"' in html


def test_the_demo_campaign_is_open_today_and_added_once(client, city_facts):
    committee_seed.seed_demo()
    assert seed.seed_demo() == {"demo campaign": 1, "demo applications": 8}
    campaign = Campaign.objects.get(is_demo=True)
    assert campaign.is_open
    assert campaign.term == Term.objects.current()
    assert campaign.committees.count() == 5
    applications = Application.objects.filter(campaign=campaign)
    assert applications.count() == 8
    assert all(a.email.endswith("@example.invalid") for a in applications)
    assert all(a.first_name and a.last_name and a.age_group for a in applications)
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "Tämä haku on esittelyaineistoa" in page
    assert seed.seed_demo() == {"demo campaign": 0, "demo applications": 0}


def test_seed_kouvola_loads_the_campaigns(db, capsys):
    call_command("seed_kouvola")
    assert "3 campaigns, 5 recorded numbers" in capsys.readouterr().out
    assert Campaign.objects.filter(is_demo=False).count() == 3
    assert not Campaign.objects.filter(is_demo=True).exists()
