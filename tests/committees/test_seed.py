"""
seed_kouvola: the source page's facts from the data files, shown on the site and in the admin;
safe to run again, keeping what staff edited; and the demo content.
"""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from committees.models import Committee, Membership, Term
from portal.models import PageSection

pytestmark = pytest.mark.django_db

AREAS = ["anjalankoski", "elimaki-koria", "keskusta", "kuusankoski-jaala", "valkeala"]


def run(*args):
    out = StringIO()
    call_command("seed_kouvola", *args, stdout=out)
    return out.getvalue()


def test_the_facts_are_on_the_pages_and_in_the_admin(client, clerk_client):
    output = run()
    assert (
        "Facts: created 5 committees, 2 terms, 27 page sections, 13 goals, 3 campaigns, "
        "5 recorded numbers." in output
    )
    listing = client.get("/aluetoimikunnat/").content.decode()
    for slug in AREAS:
        assert f'href="/aluetoimikunnat/{slug}/"' in listing
    valkeala = client.get("/aluetoimikunnat/valkeala/").content.decode()
    assert "Valkealan aluetoimikunta" in valkeala
    assert "alueensa kehittämishankkeiden ja hyvinvoinnin" in valkeala
    assert "pilottikokeiluna yhdessä Anjalankosken aluetoimikunnan kanssa syksyllä" in valkeala
    koria = client.get("/aluetoimikunnat/elimaki-koria/").content.decode()
    assert "Aluetoimikunta aloitti kesällä 2019" in koria
    term = client.get("/aluetoimikunnat/valkeala/2022-2025/").content.decode()
    assert "13.12.2021" in term
    admin = clerk_client.get(reverse("admin:committees_committee_changelist")).content.decode()
    for name in ["Anjalankosken", "Elimäki-Korian", "Kouvolan keskusta-alueen", "Valkealan"]:
        assert f"{name} aluetoimikunta" in admin
    terms = clerk_client.get(reverse("admin:committees_term_changelist")).content.decode()
    assert "2018–2021" in terms and "2022–2025" in terms
    assert not Membership.objects.exists()


def test_the_terms_keep_the_rules_of_the_council_decision():
    run()
    term = Term.objects.get(slug="2022-2025")
    assert (term.min_members, term.max_members) == (7, 11)
    assert str(Term.objects.get(slug="2018-2021").ends_on) == "2021-12-31"
    pilots = Committee.objects.filter(started_as_pilot=True)
    assert {c.slug for c in pilots} == {"anjalankoski", "valkeala"}


def test_running_again_creates_nothing_and_keeps_staff_edits(client, clerk_client):
    run()
    section = PageSection.objects.get(page=PageSection.Page.HOME, key="history")
    response = clerk_client.post(
        reverse("admin:portal_pagesection_change", args=[section.pk]),
        {
            "page": section.page,
            "key": section.key,
            "order": section.order,
            "title": section.title,
            "body": "Historia, jonka virkailija kirjoitti.",
            "title_en": section.title_en,
            "body_en": section.body_en,
        },
    )
    assert response.status_code == 302
    Committee.objects.filter(slug="valkeala").update(task="Toimikunnan oma kuvaus.")
    Term.objects.filter(slug="2022-2025").update(name="Toimikausi 2022–2025 (muokattu)")

    output = run()

    assert (
        "Facts: created 0 committees, 0 terms, 0 page sections, 0 goals, 0 campaigns, "
        "0 recorded numbers." in output
    )
    home = client.get("/").content.decode()
    assert "Historia, jonka virkailija kirjoitti." in home
    assert "Hakijoita oli 55" not in home
    valkeala = client.get("/aluetoimikunnat/valkeala/").content.decode()
    assert "Toimikunnan oma kuvaus." in valkeala
    assert "alueensa kehittämishankkeiden" not in valkeala
    assert Term.objects.get(slug="2022-2025").name == "Toimikausi 2022–2025 (muokattu)"
    assert Committee.objects.count() == 5


def test_demo_adds_a_current_term_with_fictional_people(client, settings):
    settings.DEBUG = True
    output = run("--demo")
    assert (
        "Demo content: created 1 demo term, 5 demo rosters, 13 demo project ideas, "
        "1 demo campaign, 8 demo applications." in output
    )
    assert (
        "Demo meetings: created 5 demo spaces, 25 demo meetings, "
        "5 demo ideas linked to meeting items." in output
    )
    demo = Term.objects.current()
    assert demo.is_demo
    assert "Demo staff login (development only): username demo-virkailija" in output
    for committee in Committee.objects.all():
        roster = Membership.objects.filter(committee=committee, term=demo)
        assert roster.members().exists()
        assert all(m.person.is_demo for m in roster.select_related("person"))
    # The demo roster sizes of data/demo_people.yaml: Valkeala's roster is incomplete, and
    # where there was room someone resigned early in the term.
    valkeala = Membership.objects.filter(committee__slug="valkeala", term=demo)
    assert valkeala.members().filter(ends_on__isnull=True).count() == 6
    assert valkeala.filter(ends_on__isnull=False).count() == 1
    keskusta = Membership.objects.filter(committee__slug="keskusta", term=demo)
    assert keskusta.count() == 22 and not keskusta.filter(ends_on__isnull=False).exists()
    page = client.get("/aluetoimikunnat/valkeala/").content.decode()
    assert "esittelyaineistoa" in page
    clerk = get_user_model().objects.get(username="demo-virkailija")
    assert clerk.is_staff and not clerk.is_superuser
    assert clerk.groups.filter(name="Elinvoimajaosto").exists()
    again = run("--demo")
    assert "created 0 demo term, 0 demo rosters, 0 demo project ideas" in again
    assert (
        "Demo meetings: created 0 demo spaces, 0 demo meetings, "
        "0 demo ideas linked to meeting items." in again
    )


def test_no_demo_login_when_debug_is_off(settings):
    settings.DEBUG = False
    output = run("--demo")
    assert "password" not in output
    assert not get_user_model().objects.filter(username="demo-virkailija").exists()
