"""
A proposer's name and e-mail: shown in the admin only to the vitality subcommittee's staff
and superusers, each showing audited, and removed once the idea has been decided long enough.
"""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from kouvola_alue import audit
from kouvola_alue.audit.models import AuditEntry
from projects import services
from projects.models import ProjectIdea
from tests import factories
from tests.projects.factories import PendingIdeaFactory, ProjectIdeaFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:projects_projectidea_changelist")
NAME = "Pirkko Ehdottaja-Testinen"
EMAIL = "pirkko.salainen@example.invalid"


def change_url(idea):
    return reverse("admin:projects_projectidea_change", args=[idea.pk])


@pytest.fixture
def idea(db):
    return PendingIdeaFactory(title="Kyläkirjasto", proposer_name=NAME, proposer_email=EMAIL)


@pytest.fixture
def outsider_client(client):
    """Staff outside the group, given the idea permissions by hand."""
    staff = factories.UserFactory(is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="projects",
            codename__in=["view_projectidea", "change_projectidea", "add_projectidea"],
        )
    )
    factories.sign_in_staff(client, staff)
    return client


def test_staff_outside_the_group_see_the_idea_without_its_proposer(outsider_client, idea):
    listing = outsider_client.get(CHANGELIST)
    assert listing.status_code == 200
    assert "Kyläkirjasto" in listing.content.decode()

    page = outsider_client.get(change_url(idea))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Kyläkirjasto" in html
    assert NAME not in html and EMAIL not in html
    assert "proposer_email" not in page.context["adminform"].form.fields

    for query in (EMAIL, "Ehdottaja-Testinen"):
        found = outsider_client.get(CHANGELIST, {"q": query})
        # Searching by the proposer would tell who proposed what: it finds nothing.
        assert list(found.context["cl"].queryset) == []
        assert "Kyläkirjasto" not in found.content.decode()
    assert not AuditEntry.objects.exists()


def test_saving_without_the_proposer_fields_keeps_the_proposer(outsider_client, idea):
    data = {
        "moderation": idea.moderation,
        "moderation_note": "",
        "title": "Kyläkirjasto ja lukupiiri",
        "slug": idea.slug,
        "summary": idea.summary,
        "description": "",
        "year": idea.year,
        "committees": [c.pk for c in idea.committees.all()],
        "status": idea.status,
        "status_changed_on": "",
        "status_note": "",
        "title_en": "",
        "summary_en": "",
        "description_en": "",
        "proposer_name": "",
        "proposer_email": "",
        "status_changes-TOTAL_FORMS": "0",
        "status_changes-INITIAL_FORMS": "0",
        "status_changes-MIN_NUM_FORMS": "0",
        "status_changes-MAX_NUM_FORMS": "1000",
    }
    response = outsider_client.post(change_url(idea), data)
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.title == "Kyläkirjasto ja lukupiiri"
    assert (idea.proposer_name, idea.proposer_email) == (NAME, EMAIL)


@pytest.mark.parametrize("who", ["clerk", "superuser"])
def test_the_group_and_superusers_see_the_proposer_and_each_showing_is_recorded(client, idea, who):
    user = (
        factories.clerk()
        if who == "clerk"
        else factories.UserFactory(is_staff=True, is_superuser=True)
    )
    factories.sign_in_staff(client, user)

    html = client.get(change_url(idea)).content.decode()
    assert NAME in html and EMAIL in html
    found = client.get(CHANGELIST, {"q": EMAIL})
    assert list(found.context["cl"].queryset) == [idea]

    (row,) = AuditEntry.objects.all()
    assert (row.user, row.actor, row.action) == (user, audit.Actor.STAFF, audit.Action.VIEW)
    assert row.content_type.model_class() is ProjectIdea
    assert row.object_ids == str(idea.pk)
    assert row.detail == "Ehdottajan yhteystiedot näytetty ylläpidossa"
    assert NAME not in row.detail and EMAIL not in row.detail


def test_an_idea_without_proposer_data_is_not_a_view_of_it(clerk_client):
    idea = ProjectIdeaFactory(proposer_name="", proposer_email="")
    assert clerk_client.get(change_url(idea)).status_code == 200
    assert not AuditEntry.objects.exists()


# --- The purge ----------------------------------------------------------------------------


def new_idea(title, committee, **fields):
    return services.idea_create(
        title=title,
        summary=f"{title}.",
        committees=[committee],
        proposer_name=NAME,
        proposer_email=EMAIL,
        **fields,
    )


@pytest.fixture
def ideas(committee):
    """Ideas decided (or not) 400 and 100 days ago, by the services, under a moved clock."""
    now = timezone.now()
    made = {}
    with time_machine.travel(now - datetime.timedelta(days=400), tick=False):
        made["rejected_long_ago"] = new_idea("Hylätty kauan sitten", committee)
        services.idea_reject(idea=made["rejected_long_ago"], note="")
        made["carried_out_long_ago"] = new_idea("Toteutettu", committee, publish=True)
        services.idea_change_status(
            idea=made["carried_out_long_ago"], status=ProjectIdea.Status.CARRIED_OUT
        )
        made["not_pursued_long_ago"] = new_idea("Ei edetty", committee)
        services.idea_change_status(
            idea=made["not_pursued_long_ago"], status=ProjectIdea.Status.NOT_PURSUED
        )
        made["in_progress_since_long_ago"] = new_idea("Käynnissä", committee, publish=True)
        services.idea_change_status(
            idea=made["in_progress_since_long_ago"], status=ProjectIdea.Status.IN_PROGRESS
        )
        made["carried_out_unpublished"] = new_idea(
            "Toteutettu, ei julkaistu", committee, status=ProjectIdea.Status.CARRIED_OUT
        )
        made["waited_long_then_rejected"] = new_idea("Odotti kauan", committee)
        made["reopened"] = new_idea("Avattu uudelleen", committee, publish=True)
        services.idea_change_status(idea=made["reopened"], status=ProjectIdea.Status.NOT_PURSUED)
    with time_machine.travel(now - datetime.timedelta(days=100), tick=False):
        made["rejected_lately"] = new_idea("Hylätty hiljattain", committee)
        services.idea_reject(idea=made["rejected_lately"], note="")
        services.idea_reject(idea=made["waited_long_then_rejected"], note="")
        made["carried_out_lately"] = new_idea("Toteutettu hiljattain", committee, publish=True)
        services.idea_change_status(
            idea=made["carried_out_lately"], status=ProjectIdea.Status.CARRIED_OUT
        )
        services.idea_change_status(idea=made["reopened"], status=ProjectIdea.Status.PREPARING)
    return made


PURGED = {"rejected_long_ago", "carried_out_long_ago", "not_pursued_long_ago"}


def test_the_purge_removes_proposers_of_ideas_decided_long_enough_ago(ideas, settings, capsys):
    settings.APPLICATION_RETENTION_DAYS = 365

    call_command("purge_personal_data", "--only", "idea proposers")

    assert "idea proposers: erased the personal data of 3 " in capsys.readouterr().out
    for key, idea in ideas.items():
        idea.refresh_from_db()
        if key in PURGED:
            assert (idea.proposer_name, idea.proposer_email) == ("", ""), key
        else:
            assert (idea.proposer_name, idea.proposer_email) == (NAME, EMAIL), key
    # The ideas themselves stay as they were.
    assert ProjectIdea.objects.count() == len(ideas)
    assert ideas["carried_out_long_ago"].is_published
    (row,) = AuditEntry.objects.all()
    assert (row.actor, row.action, row.user) == (audit.Actor.SYSTEM, audit.Action.ERASE, None)
    assert row.object_ids == ", ".join(sorted(str(ideas[key].pk) for key in PURGED))
    assert "3 hankeidean" in row.detail

    # Run again the next day: nothing more to remove, no new row.
    call_command("purge_personal_data", "--only", "idea proposers")
    assert "idea proposers: erased the personal data of 0 " in capsys.readouterr().out
    assert AuditEntry.objects.count() == 1


def test_a_shorter_retention_reaches_the_recent_decisions(ideas, settings):
    settings.APPLICATION_RETENTION_DAYS = 30
    call_command("purge_personal_data")
    kept = ProjectIdea.objects.with_proposer_data()
    assert {i.title for i in kept} == {
        "Käynnissä",
        "Toteutettu, ei julkaistu",
        "Avattu uudelleen",
    }


def test_a_dry_run_changes_nothing(ideas, capsys, settings):
    settings.APPLICATION_RETENTION_DAYS = 365
    call_command("purge_personal_data", "--dry-run")
    assert "idea proposers: would erase the personal data of 3 " in capsys.readouterr().out
    assert ProjectIdea.objects.with_proposer_data().count() == len(ideas)
    assert not AuditEntry.objects.exists()


def test_rejecting_again_does_not_restart_the_clock(committee):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=400), tick=False):
        idea = new_idea("Hylätty", committee)
        services.idea_reject(idea=idea, note="")
        first = ProjectIdea.objects.get(pk=idea.pk).rejected_at
    assert first < timezone.now() - datetime.timedelta(days=399)
    services.idea_reject(idea=idea, note="Toinen kerta.")
    assert ProjectIdea.objects.get(pk=idea.pk).rejected_at == first


def test_the_privacy_notice_tells_proposers_who_sees_them_and_when_they_go(client, city_facts):
    html = client.get(reverse("privacy")).content.decode()
    assert "vain kaupungin elinvoimajaoston henkilöstö ja ylläpitäjät" in html
    assert "kun ideasta päättämisestä on kulunut sivun lopun taulukossa kerrottu aika" in html
    assert "Hankeideoiden ehdottajien nimet ja sähköpostiosoitteet</th><td>1 vuosi</td>" in html
    assert "käsittelylokiin" in html
    with translation.override("en"):
        html = client.get(reverse("privacy")).content.decode()
    assert "has passed since the idea was decided" in html
    assert "Proposers&#x27; names and e-mail addresses</th><td>1 year</td>" in html
    assert "audit log" in html
