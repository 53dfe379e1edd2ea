"""
What a visitor sees first: the header's menu that folds away on a phone without JavaScript,
and a committee page that starts with its chair, next meeting, members and how to follow it.
"""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from lxml import html

from committees.models import Committee, Membership
from recruitment.tokens import application_token
from tests.committees.factories import CommunitySpaceFactory, upcoming
from tests.factories import CommitteeFactory, MembershipFactory, PersonFactory, roster
from tests.projects.factories import PendingIdeaFactory, ProjectIdeaFactory
from tests.recruitment.factories import ApplicationFactory, closed_campaign, open_campaign
from tests.support import text_of

pytestmark = pytest.mark.django_db

HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")


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
        f"/aluetoimikunnat/{committee.slug}/seuraa/",
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
    # The private link puts its token in the session; the withdrawal page is then the visitor's.
    client.get(reverse("recruitment:application", kwargs={"token": application_token(application)}))
    url = reverse("recruitment:withdraw")
    page = html.fromstring(client.get(url).content.decode())
    # The withdrawal's own form, beside the private pages' "leave" button.
    leave = reverse("recruitment:leave")
    (form,) = page.xpath(f"//main//form[@method='post'][not(@action='{leave}')]")
    # No browser pop-up: the form is not left to the browser's own validation.
    assert form.get("novalidate") is not None
    assert [text_of(b) for b in form.xpath(".//button")] == ["Peru hakemukseni"]
    assert "Älä peru, palaa hakemukseen" in [text_of(a) for a in form.xpath(".//a")]
    assert "Peruuta ja palaa" not in text_of(page)

    # What a browser sends with the box unticked: the button, no "confirm".
    response = client.post(url, {"submit": ""})
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


def test_the_admin_index_starts_with_what_needs_doing(clerk_client, term):
    PendingIdeaFactory.create_batch(2)
    ProjectIdeaFactory()
    committee = CommitteeFactory()
    roster(committee, term, members=5)
    full = CommitteeFactory()
    roster(full, term, members=7)
    received = ApplicationFactory(campaign=open_campaign(committee), committee=committee)
    ApplicationFactory(campaign=received.campaign, committee=committee, status="withdrawn")
    page = html.fromstring(clerk_client.get("/admin/").content.decode())
    (panel,) = page.xpath("//section[@aria-labelledby='todo-heading']")
    assert text_of(panel.find("h2")) == "Tehtävää"
    assert [text_of(li) for li in panel.xpath(".//li")] == [
        "2 hankeideaa odottaa moderointia",
        "1 hakemus käsittelemättä",
        # Every committee but the full one (the ideas' factories made some without anyone).
        f"{Committee.objects.count() - 1} kokoonpanoa, joissa on alle vähimmäismäärän jäseniä "
        "tai enemmän varajäseniä kuin jäseniä",
    ]
    assert panel.xpath(".//a/@href")[0].endswith("?moderation__exact=pending")
    # Counts only: no applicant's name on the index.
    assert received.last_name not in text_of(page)


def test_the_admin_pages_read_well(clerk_client, term):
    committee = CommitteeFactory()
    members, deputies = roster(committee, term, members=2, deputies=1)
    page = clerk_client.get(f"/admin/committees/committee/{committee.pk}/change/")
    text = page.content.decode()
    # The placeholder is shown, not swallowed as an unknown HTML tag.
    assert "/aluetoimikunnat/&lt;osoite&gt;/." in text
    # Members first, then deputies.
    members_at = [text.index(str(m.person)) for m in members]
    assert max(members_at) < text.index(str(deputies[0].person), text.index("id_memberships"))

    campaign_form = clerk_client.get("/admin/recruitment/campaign/add/").content.decode()
    assert "/jasenhaku/&lt;osoite&gt;/." in campaign_form

    application = ApplicationFactory(
        campaign=open_campaign(committee), committee=committee, language="en"
    )
    page = html.fromstring(
        clerk_client.get(
            f"/admin/recruitment/application/{application.pk}/change/"
        ).content.decode()
    )
    assert text_of(page.xpath("//div[@id='content']/h2")[0]) == (
        f"{application.first_name} {application.last_name}"
    )
    (language,) = page.xpath(
        "//div[contains(@class, 'field-language_name')]//div[@class='readonly']"
    )
    assert text_of(language) == "English"

    idea_form = html.fromstring(
        clerk_client.get("/admin/projects/projectidea/add/").content.decode()
    )
    assert idea_form.xpath("//div[@id='id_goals' and @class='goal-columns']")
    assert idea_form.xpath("//link[contains(@href, 'css/admin.css')]")


def test_a_roster_error_is_said_at_the_top_of_the_admin_page(clerk_client, committee, term):
    from tests.committees.test_admin import committee_form, new_row

    rows = [new_row(term, PersonFactory()) for _ in range(12)]
    response = clerk_client.post(
        f"/admin/committees/committee/{committee.pk}/change/", committee_form(committee, rows)
    )
    page = html.fromstring(response.content.decode())
    # The messages list comes before the form; the error is there, not only by the inline.
    (messages,) = page.xpath("//ul[@class='messagelist']")
    assert "enintään 11 jäsentä" in text_of(messages)
    (form,) = page.xpath("//form[@id='committee_form']")
    assert form.sourceline > messages.sourceline
