"""seed_kouvola: the source page's facts, safe to run again, and the demo content."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from committees.models import Committee, Membership, Term
from portal.models import PageSection
from projects.models import Goal

pytestmark = pytest.mark.django_db


def run(*args, settings=None):
    from io import StringIO

    out = StringIO()
    call_command("seed_kouvola", *args, stdout=out)
    return out.getvalue()


def test_loads_the_five_committees_terms_and_goals():
    output = run()
    assert "created 5 committees, 2 terms" in output
    assert set(Committee.objects.values_list("slug", flat=True)) == {
        "anjalankoski",
        "elimaki-koria",
        "keskusta",
        "kuusankoski-jaala",
        "valkeala",
    }
    pilots = Committee.objects.filter(started_as_pilot=True)
    assert {c.slug for c in pilots} == {"anjalankoski", "valkeala"}
    assert all(c.started_on.year == 2018 for c in pilots)
    assert all(
        c.started_on == datetime.date(2019, 6, 1)
        for c in Committee.objects.filter(started_as_pilot=False)
    )
    term = Term.objects.get(slug="2022-2025")
    assert term.council_decision_on == datetime.date(2021, 12, 13)
    assert (term.min_members, term.max_members) == (7, 11)
    assert Term.objects.get(slug="2018-2021").ends_on == datetime.date(2021, 12, 31)
    assert Goal.objects.count() == 13
    assert Goal.objects.get(number=4).title == "avointa viestintää"
    assert not Membership.objects.exists()


def test_running_again_changes_nothing_and_keeps_staff_edits():
    run()
    committee = Committee.objects.get(slug="valkeala")
    committee.task = "Toimikunnan oma kuvaus."
    committee.save()
    section = PageSection.objects.get(key="history")
    section.body = "Muokattu."
    section.save()
    output = run()
    assert "created 0 committees, 0 terms, 0 page sections, 0 goals" in output
    committee.refresh_from_db()
    section.refresh_from_db()
    assert committee.task == "Toimikunnan oma kuvaus."
    assert section.body == "Muokattu."


def test_demo_adds_a_current_term_with_fictional_people(settings):
    settings.DEBUG = True
    output = run("--demo")
    demo = Term.objects.current()
    assert demo.is_demo
    assert "Demo staff login (development only): username demo-virkailija" in output
    for committee in Committee.objects.all():
        roster = Membership.objects.filter(committee=committee, term=demo)
        assert roster.members().exists()
        assert all(m.person.is_demo for m in roster.select_related("person"))
    clerk = get_user_model().objects.get(username="demo-virkailija")
    assert clerk.is_staff and not clerk.is_superuser
    assert clerk.groups.filter(name="Elinvoimajaosto").exists()
    assert "created 0 demo term, 0 demo rosters" in run("--demo")


def test_no_demo_login_when_debug_is_off(settings):
    settings.DEBUG = False
    output = run("--demo")
    assert "password" not in output
    assert not get_user_model().objects.filter(username="demo-virkailija").exists()
