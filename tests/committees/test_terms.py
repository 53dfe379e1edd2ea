"""Which term is current: the one that contains today in Helsinki, never a fixed one."""

import datetime
import json
import zoneinfo

import pytest
from django.utils import timezone

from committees.models import Term
from committees.selectors import term_situation
from tests.factories import MembershipFactory, PersonFactory, TermFactory

pytestmark = pytest.mark.django_db

HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")


@pytest.fixture
def two_terms():
    old = TermFactory(starts_on=datetime.date(2022, 1, 1), ends_on=datetime.date(2025, 12, 31))
    new = TermFactory(starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2029, 12, 31))
    return old, new


@pytest.fixture
def at(monkeypatch):
    def set_now(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return set_now


def test_last_day_of_a_term_is_still_that_term(two_terms, at):
    old, _ = two_terms
    at(datetime.datetime(2025, 12, 31, 12, 0, tzinfo=HELSINKI))
    assert Term.objects.current() == old


def test_first_day_of_the_next_term(two_terms, at):
    _, new = two_terms
    at(datetime.datetime(2026, 1, 1, 0, 0, tzinfo=HELSINKI))
    assert Term.objects.current() == new


def test_new_years_night_is_judged_in_helsinki_time(two_terms, at):
    _, new = two_terms
    # 22.30 UTC on 31.12. is already 0.30 on 1.1. in Helsinki.
    at(datetime.datetime(2025, 12, 31, 22, 30, tzinfo=datetime.UTC))
    assert Term.objects.current() == new
    assert term_situation().current == new


def test_pages_and_open_data_agree_on_the_current_term_when_terms_overlap(client, committee, at):
    # The admin refuses overlapping terms, but the database holds what an import put there:
    # the newer term is the current one everywhere, on the pages as in Term.objects.current().
    old = TermFactory(starts_on=datetime.date(2022, 1, 1), ends_on=datetime.date(2026, 2, 28))
    new = TermFactory(starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2029, 12, 31))
    MembershipFactory(committee=committee, term=old, person=PersonFactory(last_name="Vanhanen"))
    MembershipFactory(committee=committee, term=new, person=PersonFactory(last_name="Uusitalo"))
    at(datetime.datetime(2026, 1, 15, 12, 0, tzinfo=HELSINKI))
    assert Term.objects.current() == new
    assert term_situation().current == new
    page = client.get(committee.get_absolute_url()).content.decode()
    assert "Uusitalo" in page and "Vanhanen" not in page
    members = json.loads(client.get("/avoin-data/jasenet.json").getvalue())["records"]
    assert [m["last_name"] for m in members] == ["Uusitalo"]


def test_between_terms_there_is_no_current_term(at):
    old = TermFactory(starts_on=datetime.date(2022, 1, 1), ends_on=datetime.date(2025, 12, 31))
    upcoming = TermFactory(starts_on=datetime.date(2026, 3, 1), ends_on=datetime.date(2029, 12, 31))
    at(datetime.datetime(2026, 1, 15, 12, 0, tzinfo=HELSINKI))
    situation = term_situation()
    assert Term.objects.current() is None
    assert situation.current is None
    assert situation.previous == old
    assert situation.upcoming == upcoming


def test_the_situation_among_many_ended_terms(at):
    """Only the terms that can matter are read; the one that began last is still the previous."""
    for year in range(2002, 2018, 4):
        TermFactory(starts_on=datetime.date(year, 1, 1), ends_on=datetime.date(year + 3, 12, 31))
    # Ended, began last, though an earlier-begun term ended later.
    long_one = TermFactory(starts_on=datetime.date(2018, 1, 1), ends_on=datetime.date(2025, 6, 30))
    last_begun = TermFactory(
        starts_on=datetime.date(2019, 1, 1), ends_on=datetime.date(2020, 12, 31)
    )
    current = TermFactory(starts_on=datetime.date(2025, 7, 1), ends_on=datetime.date(2029, 6, 30))
    upcoming = TermFactory(starts_on=datetime.date(2029, 7, 1), ends_on=datetime.date(2033, 6, 30))
    at(datetime.datetime(2026, 1, 15, 12, 0, tzinfo=HELSINKI))
    situation = term_situation()
    assert (situation.previous, situation.current, situation.upcoming) == (
        last_begun,
        current,
        upcoming,
    )
    assert long_one != situation.previous


def test_between_terms_the_page_names_the_next_one(client, committee, at):
    TermFactory(starts_on=datetime.date(2022, 1, 1), ends_on=datetime.date(2025, 12, 31))
    TermFactory(starts_on=datetime.date(2026, 3, 1), ends_on=datetime.date(2029, 12, 31))
    at(datetime.datetime(2026, 1, 15, 12, 0, tzinfo=HELSINKI))
    page = client.get(committee.get_absolute_url()).content.decode()
    assert "Toimikausi 2022–2025 päättyi 31.12.2025." in page
    assert "Seuraava toimikausi 2026–2029 alkaa 1.3.2026." in page
