"""seed_kouvola --demo --scale N: the demo content N times, in bulk, as the pages expect it."""

import datetime
import io
import itertools

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from committees.models import Meeting, Membership, Term
from projects.models import ProjectIdea, StatusChange
from recruitment.models import Application, Campaign

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/aluetoimikunnat/",
    "/aluetoimikunnat/valkeala/",
    "/hankkeet/",
    "/hankkeet/?q=kulttuuri",
    "/jasenhaku/",
    "/kokoukset/",
    "/haku/?q=kulttuuri",
    "/avoin-data/hankeideat.json",
    "/avoin-data/toimikaudet.csv",
    "/kokoukset/kalenteri.ics",
]


def seed(*args):
    out = io.StringIO()
    call_command("seed_kouvola", "--demo", *args, stdout=out)
    return out.getvalue()


def counts():
    return {
        "ideas": ProjectIdea.objects.filter(is_demo=True).count(),
        "published": ProjectIdea.objects.published().filter(is_demo=True).count(),
        "history": StatusChange.objects.filter(idea__is_demo=True).count(),
        "meetings": Meeting.objects.filter(is_demo=True).count(),
        "campaigns": Campaign.objects.filter(is_demo=True).count(),
        "applications": Application.objects.filter(campaign__is_demo=True).count(),
    }


def test_the_demo_three_times_over_and_every_page_still_answers(client):
    seed()
    once = counts()
    terms = Term.objects.count()
    report = seed("--scale", "3")
    assert "Demo ×3: created" in report
    assert counts() == {name: 3 * number for name, number in once.items()}
    assert Term.objects.count() == terms + 2
    # Only the demo's own campaign is open; the copies are closed ones with their year.
    assert Campaign.objects.open().filter(is_demo=True).count() == 1
    assert all(c.year == c.opens_on.year for c in Campaign.objects.filter(is_demo=True))
    # Every earlier term's roster has its chair and a personal deputy for each member.
    for term in Term.objects.filter(slug__startswith="demo-scale-"):
        seats = Membership.objects.filter(term=term)
        assert seats.filter(role=Membership.Role.CHAIR).count() == 5
        assert seats.filter(kind="deputy", personal_deputy_of__isnull=False).count() == 35
    for path in PAGES:
        assert client.get(path).status_code == 200, path
    # The copies are found like the originals.
    html = client.get("/hankkeet/", {"q": "kulttuuriviikko"}).content.decode()
    assert "Aluekeskusten yhteinen kulttuuriviikko 3" in html


def test_the_same_size_again_adds_nothing_and_another_is_refused():
    seed("--scale", "2")
    before = counts()
    assert "Demo ×2: created 0 ideas" in seed("--scale", "2")
    assert counts() == before
    with pytest.raises(CommandError, match="already holds the demo ×2"):
        seed("--scale", "3")


def test_a_thousand_copies_have_earlier_terms_that_fit_in_the_calendar():
    # ×1000 once asked for terms 4 years each back to "year -1" and crashed the seed.
    from devtools.scale import earlier_terms

    first = datetime.date(2022, 1, 1)
    periods = earlier_terms(first, 999)
    assert len(periods) == 999
    assert periods[0][1] == datetime.date(2021, 12, 31)
    for (starts_on, ends_on), (_earlier_start, earlier_end) in itertools.pairwise(periods):
        assert starts_on <= ends_on
        assert earlier_end == starts_on - datetime.timedelta(days=1)
    assert periods[-1][0].year >= 1


def test_a_hundred_copies_keep_four_calendar_years_each():
    from devtools.scale import earlier_terms

    periods = earlier_terms(datetime.date(2022, 1, 1), 99)
    assert periods[0] == (datetime.date(2018, 1, 1), datetime.date(2021, 12, 31))
    assert periods[1] == (datetime.date(2014, 1, 1), datetime.date(2017, 12, 31))
    assert all(start.month == 1 and start.day == 1 for start, _end in periods)
