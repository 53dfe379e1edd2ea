"""The public recruitment pages: open and past campaigns, their numbers, the home page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from recruitment.models import Application
from tests import factories
from tests.recruitment.factories import ApplicationFactory, closed_campaign, open_campaign
from tests.support import QUERY_BUDGETS

pytestmark = pytest.mark.django_db


def rows(numbers):
    return [(row.label, row.count) for row in numbers.rows]


def test_the_recruitment_page_shows_2018_2019_and_2021_by_area(client, city_facts):
    response = client.get(reverse("recruitment:index"))
    assert response.status_code == 200
    closed = {n.campaign.slug: n for n in response.context["overview"].closed}
    assert rows(closed["2021"]) == [
        ("Anjalankoski", 14),
        ("Elimäki-Koria", 11),
        ("Kouvolan keskusta-alue", 22),
        ("Kuusankoski-Jaala", 27),
        ("Valkeala", 15),
    ]
    assert closed["2021"].total == 89
    assert rows(closed["2019"]) == [
        ("Elimäki-Koria, Kouvolan keskusta-alue, Kuusankoski-Jaala", 55)
    ]
    assert closed["2019"].combined
    assert rows(closed["2018"]) == [("Anjalankoski, Valkeala", 40)]
    assert [n.campaign.slug for n in response.context["overview"].closed] == [
        "2021",
        "2019",
        "2018",
    ]
    html = response.content.decode()
    assert "Hakijat alueittain – Jäsenhaku 2021" in html
    assert "22.7.2021–9.9.2021" in html
    assert "alueittaisia määriä ei ole kirjattu" in html
    assert "Jäsenhaku ei ole tällä hetkellä auki." in html


def test_the_home_page_shows_the_2021_numbers_from_the_campaign(client, city_facts):
    response = client.get("/")
    numbers = response.context["latest_recruitment"]
    assert numbers.campaign.slug == "2021"
    assert ("Kuusankoski-Jaala", 27) in rows(numbers)
    html = response.content.decode()
    # The source page's text stays, and the numbers also come as a table from the data.
    assert "Kuusankoski-Jaala aluetoimikunta 27" in html
    assert "<caption>Hakijat alueittain – Jäsenhaku 2021</caption>" in html
    assert reverse("recruitment:index") in html


def test_the_numbers_follow_staff_edits(client, city_facts):
    from recruitment.models import RecordedCount

    RecordedCount.objects.filter(campaign__slug="2021", committee__slug="valkeala").update(
        applicants=16
    )
    numbers = client.get("/").context["latest_recruitment"]
    assert ("Valkeala", 16) in rows(numbers)


def test_an_open_campaign_is_pointed_to_from_the_home_and_committee_pages(client, committee):
    other = factories.CommitteeFactory()
    campaign = open_campaign(committee, title="Täydennyshaku")

    home = client.get("/").content.decode()
    assert "Jäsenhaku on auki" in home
    assert reverse("recruitment:apply", kwargs={"slug": campaign.slug}) in home

    page = client.get(committee.get_absolute_url()).content.decode()
    assert f"?toimikunta={committee.slug}" in page
    assert f"Hae jäseneksi: {committee.name}" in page
    # A committee the campaign does not recruit for is not pointed to it.
    assert "Jäsenhaku on auki" not in client.get(other.get_absolute_url()).content.decode()


def test_live_counts_per_area_leave_withdrawn_applications_out(client, committees):
    campaign = open_campaign(*committees)
    ApplicationFactory.create_batch(3, campaign=campaign, committee=committees[0])
    ApplicationFactory(campaign=campaign, committee=committees[1])
    ApplicationFactory(
        campaign=campaign, committee=committees[1], status=Application.Status.WITHDRAWN
    )
    response = client.get(reverse("recruitment:detail", kwargs={"slug": campaign.slug}))
    numbers = response.context["numbers"]
    assert rows(numbers) == [("Anjalankoski", 3), ("Valkeala", 1)]
    assert numbers.total == 4


def test_campaign_pages_tell_open_upcoming_and_closed_apart(client, committee):
    today = timezone.localdate()
    upcoming = open_campaign(
        committee,
        opens_on=today + datetime.timedelta(days=5),
        closes_on=today + datetime.timedelta(days=30),
    )
    closed = closed_campaign(committee, days_ago=3)
    overview = client.get(reverse("recruitment:index")).context["overview"]
    assert [n.campaign for n in overview.upcoming] == [upcoming]
    assert [n.campaign for n in overview.closed] == [closed]
    detail = client.get(upcoming.get_absolute_url()).content.decode()
    assert "alkaen" in detail
    detail = client.get(closed.get_absolute_url()).content.decode()
    assert "Hakuaika päättyi" in detail


def test_an_unknown_campaign_is_not_found(client, db):
    assert client.get("/jasenhaku/ei-ole/").status_code == 404
    assert client.get("/jasenhaku/ei-ole/hae/").status_code == 404


def test_a_demo_campaign_is_shown_as_demo(client, committee):
    campaign = open_campaign(committee, is_demo=True)
    response = client.get(campaign.get_absolute_url())
    assert "esittelyaineistoa" in response.content.decode()


def test_the_english_ui_shows_english_titles(client, city_facts):
    html = client.get("/en" + reverse("recruitment:index")).content.decode()
    assert "Recruitment 2018 – pilot areas" in html
    assert "Applicants per area – Recruitment 2021" in html


def make_campaigns(count, committees):
    for _ in range(count):
        campaign = closed_campaign(*committees)
        for committee in committees:
            ApplicationFactory.create_batch(2, campaign=campaign, committee=committee)


@pytest.mark.parametrize(("url", "page"), [("/jasenhaku/", "campaign_list"), ("/", "home")])
def test_the_query_count_does_not_grow_with_the_campaigns(
    client, committees, django_assert_max_num_queries, url, page
):
    # Enough for a few older campaigns listed by name (more than RECENT_CLOSED).
    make_campaigns(8, committees)
    with django_assert_max_num_queries(QUERY_BUDGETS[page]) as few:
        client.get(url)
    make_campaigns(22, committees)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    if url == "/jasenhaku/":
        overview = response.context["overview"]
        # The newest with their numbers, the rest by name in pages: all thirty are there.
        assert len(overview.closed) + overview.older.paginator.count == 30


@pytest.mark.parametrize("count", [3, 30])
def test_recruitment_page_lists_older_campaigns_by_name_only(
    client, committee, count, django_assert_max_num_queries
):
    campaigns = [
        closed_campaign(committee, days_ago=10 * (i + 1), title=f"Haku numero {i}")
        for i in range(count)
    ]
    for campaign in campaigns:
        ApplicationFactory(campaign=campaign, committee=committee)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("recruitment:index")).content.decode()
    # Newest first; only the recent ones carry their numbers, and the page lists at most
    # twenty older ones: the rest are a click on "Older" away.
    listed = page[page.index('id="closed-heading"') :]  # the chart above runs oldest first
    assert listed.index("Haku numero 0") < listed.index(f"Haku numero {min(count, 26) - 1}")
    assert page.count('class="campaign mb-4"') == min(count, 6)
    assert ("Vanhemmat jäsenhaut" in page) == (count > 6)
    shown = [c for c in campaigns if c.get_absolute_url() in page]
    assert shown == campaigns[:26]
    if count > 26:
        assert "Sivu 1/2" in page and 'href="?sivu=2"' in page
        second = client.get(reverse("recruitment:index"), {"sivu": 2}).content.decode()
        assert [c for c in campaigns[26:] if c.get_absolute_url() in second] == campaigns[26:]
        assert 'href="?sivu=1"' in second and "Haku numero 25<" not in second
    else:
        assert 'href="?sivu=' not in page
