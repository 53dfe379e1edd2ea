"""
What a visitor sees first: the header's menu that folds away on a phone without JavaScript,
and a committee page that starts with its chair, next meeting, members and how to follow it.
"""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from lxml import html

from committees.models import Membership
from recruitment.tokens import application_token
from tests.committees.factories import CommunitySpaceFactory, upcoming
from tests.factories import CommitteeFactory, MembershipFactory, PersonFactory, roster
from tests.recruitment.factories import ApplicationFactory, closed_campaign, open_campaign

pytestmark = pytest.mark.django_db

HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")


def text_of(element):
    return " ".join(element.text_content().split())


def summary_of(response):
    page = html.fromstring(response.content.decode())
    (summary,) = page.xpath("//section[@class='committee-summary']")
    return summary


@pytest.fixture
def committee(term):
    committee = CommitteeFactory(contact_email="valkeala@example.org")
    chair = PersonFactory(first_name="Kerttu", last_name="Puheenjohtaja")
    MembershipFactory(committee=committee, term=term, person=chair, role=Membership.Role.CHAIR)
    roster(committee, term, members=6, deputies=2, chair=False)
    return committee


def test_a_committee_page_starts_with_chair_next_meeting_members_and_follow_links(
    client, committee
):
    soon = datetime.datetime.now(HELSINKI).replace(microsecond=0) + datetime.timedelta(days=2)
    upcoming(committee=committee, is_cancelled=True, starts_at=soon)
    meeting = upcoming(committee=committee, address="Valkealatalo, Kouvolantie 4")
    response = client.get(committee.get_absolute_url())
    summary = summary_of(response)
    # The summary comes right after the page's title, before the roster and meetings.
    assert summary.getprevious().tag == "h1"
    rows = summary.xpath(".//div[@class='summary-item']")
    items = {text_of(item.find("dt")): item for item in rows}
    assert text_of(items["Puheenjohtaja"].find("dd")) == "Kerttu Puheenjohtaja"
    # The next meeting that takes place (not the cancelled one before it), as a date and a link.
    next_meeting = items["Seuraava kokous"]
    (link,) = next_meeting.xpath(".//a")
    assert link.get("href") == meeting.get_absolute_url()
    local = meeting.starts_at.astimezone(HELSINKI)
    assert link.find("time").get("datetime") == local.isoformat()
    assert f"{local:%-d.%-m.%Y klo %-H.%M}" in text_of(link)
    assert "Valkealatalo, Kouvolantie 4" in text_of(next_meeting)
    assert text_of(items["Jäsenet"]) == "Jäsenet 7 jäsentä, 2 varajäsentä"
    follow = items["Yhteystiedot ja seuraaminen"]
    hrefs = [a.get("href") for a in follow.xpath(".//a")]
    assert hrefs == [
        "mailto:valkeala@example.org",
        f"/aluetoimikunnat/{committee.slug}/kalenteri.ics",
        f"/aluetoimikunnat/{committee.slug}/kokoukset.atom",
    ]


def test_the_summary_says_plainly_what_is_not_known(client, term):
    committee = CommitteeFactory(contact_email="")
    summary = summary_of(client.get(committee.get_absolute_url()))
    text = text_of(summary)
    assert "Puheenjohtaja ei tiedossa" in text
    assert "Seuraava kokous Tulevia kokouksia ei ole ilmoitettu." in text
    assert "mailto:" not in html.tostring(summary).decode()


def test_the_summary_is_english_on_the_english_page(client, committee):
    summary = summary_of(client.get("/en" + committee.get_absolute_url()))
    text = text_of(summary)
    assert "Chair Kerttu Puheenjohtaja" in text
    assert "7 members, 2 deputies" in text
    assert "Calendar (iCalendar)" in text


def test_the_menu_is_a_disclosure_that_works_without_javascript(client, term):
    page = html.fromstring(client.get("/").content.decode())
    (menu,) = page.xpath("//header//details[@class='site-menu']")
    summary = menu[0]
    # A <summary> first: the browser makes it a keyboard-operable toggle, no script needed.
    assert summary.tag == "summary"
    assert text_of(summary) == "Valikko"
    # The icon beside the word is decoration only.
    assert summary.find("svg").get("aria-hidden") == "true"
    (nav,) = menu.findall("nav")
    assert nav.get("aria-label") == "Päävalikko"
    links = [text_of(a) for a in nav.xpath(".//a[@class='nav-link']")]
    assert links == [
        "Etusivu",
        "Aluetoimikunnat",
        "Jäsenhaku",
        "Hankeideat",
        "Kokoukset",
        "Yhteisötilat",
    ]
    assert nav.xpath(".//form[@role='search']//input[@name='q']")
    # The wordmark: the portal's name as the home link, its mark an inline, hidden SVG.
    (wordmark,) = page.xpath("//header//a[@class='wordmark']")
    assert text_of(wordmark) == "Kouvolan aluetoimikunnat"
    assert wordmark.find("svg").get("aria-hidden") == "true"
    assert not page.xpath("//*[@style]")
    assert not page.xpath("//style")


def test_the_withdrawal_step_speaks_with_the_portals_error_summary_and_clear_verbs(client):
    committee = CommitteeFactory()
    application = ApplicationFactory(campaign=open_campaign(committee), committee=committee)
    url = reverse("recruitment:application", kwargs={"token": application_token(application)})
    page = html.fromstring(client.get(url + "peru/").content.decode())
    (form,) = page.xpath("//main//form[@method='post']")
    # No browser pop-up: the form is not left to the browser's own validation.
    assert form.get("novalidate") is not None
    assert [text_of(b) for b in form.xpath(".//button")] == ["Peru hakemus"]
    assert "Palaa hakemukseen (älä peru)" in [text_of(a) for a in form.xpath(".//a")]
    assert "Peruuta ja palaa" not in text_of(page)

    # What a browser sends with the box unticked: the button, no "confirm".
    response = client.post(url + "peru/", {"submit": ""})
    page = html.fromstring(response.content.decode())
    (summary,) = page.xpath("//div[@role='alert']")
    assert text_of(summary).startswith("Hakemusta ei peruttu. Tarkista tämä:")
    (link,) = summary.xpath(".//a")
    assert link.get("href") == "#id_confirm"
    assert page.xpath("//input[@id='id_confirm']")


def test_a_goal_page_has_a_whole_sentence_as_its_heading(client, city_facts):
    page = html.fromstring(client.get("/hankkeet/tavoitteet/tilojen-kaytto/").content.decode())
    assert [text_of(h) for h in page.xpath("//h1")] == ["Tavoite 9: lisätä tilojen käyttöastetta"]
    assert "Tilojen käyttöastetta" not in text_of(page)


def test_the_home_page_tells_a_closed_recruitment_as_history(client, term):
    committee = CommitteeFactory()
    closed = closed_campaign(committee, title="Jäsenhaku 2021")
    open_campaign(committee, title="Täydennyshaku")
    page = html.fromstring(client.get("/").content.decode())
    (section,) = page.xpath("//section[@aria-labelledby='recruitment-numbers-heading']")
    assert text_of(section.find("h2")) == "Aiemmat jäsenhaut"
    assert (
        f"Viimeisin päättynyt jäsenhaku, Jäsenhaku 2021, päättyi {closed.closes_on:%-d.%-m.%Y}"
        in (text_of(section))
    )
    # The open campaign is the news: the call to apply comes first on the page.
    assert text_of(page).index("Täydennyshaku") < text_of(page).index("Aiemmat jäsenhaut")


def test_a_name_that_says_demo_gets_no_second_demo_badge(client, term):
    space = CommunitySpaceFactory(name="Kylätalo (demo)", is_demo=True)
    page = text_of(html.fromstring(client.get(space.get_absolute_url()).content.decode()))
    assert "(demo) demo" not in page
    assert "Kylätalo (demo)" in page
