"""
Every view, export, selection, withdrawal and erasure of an applicant's data leaves exactly
one audit row naming who, what and which application – and nothing about the applicant.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from committees.models import Membership
from kouvola_alue import audit
from kouvola_alue.audit.models import AuditEntry
from recruitment.models import Application
from recruitment.tokens import application_token
from tests import factories
from tests.recruitment.factories import ApplicationFactory, closed_campaign, open_campaign

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:recruitment_application_changelist")
PERSONAL = {
    "first_name": "Äänekäs",
    "last_name": "Öljynen",
    "email": "aanekas.oljynen@example.fi",
    "phone": "040 765 4321",
    "district": "Inkeroinen",
    "background": "Kylätoimikunnan rahastonhoitaja.",
    "motivation": "Nuorisotila Inkeroisiin.",
}


@pytest.fixture
def campaign(committee):
    return open_campaign(committee, title="Jäsenhaku 2027")


@pytest.fixture
def application(campaign, committee):
    return ApplicationFactory(campaign=campaign, committee=committee, **PERSONAL)


def the_row(**expected):
    """The one audit row there is, checked to hold none of the applicant's data."""
    (row,) = AuditEntry.objects.all()
    text = " ".join([row.username, row.object_ids, row.detail, row.who])
    for value in PERSONAL.values():
        assert value not in text
    for name, value in expected.items():
        assert getattr(row, name) == value, name
    assert row.content_type == ContentType.objects.get_for_model(Application)
    return row


def run_action(client, action, *applications):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [a.pk for a in applications]},
        follow=True,
    )


def test_opening_an_application_is_recorded(clerk_client, clerk, application):
    url = reverse("admin:recruitment_application_change", args=[application.pk])
    response = clerk_client.get(url)
    assert PERSONAL["motivation"] in response.content.decode()
    the_row(
        user=clerk,
        username=clerk.username,
        actor=audit.Actor.STAFF,
        action=audit.Action.VIEW,
        object_ids=str(application.pk),
        detail="Hakemus avattu ylläpidossa",
    )


def test_a_page_without_personal_data_is_not_a_view_of_it(clerk_client, application):
    run_action(clerk_client, "remove_personal_data", application)
    AuditEntry.objects.all().delete()
    url = reverse("admin:recruitment_application_change", args=[application.pk])
    assert clerk_client.get(url).status_code == 200
    assert not AuditEntry.objects.exists()


def test_the_csv_export_is_recorded(clerk_client, clerk, application, campaign, committee):
    second = ApplicationFactory(campaign=campaign, committee=committee)
    response = run_action(clerk_client, "export_csv", application, second)
    assert PERSONAL["email"] in b"".join(response.streaming_content).decode("utf-8-sig")
    the_row(
        user=clerk,
        action=audit.Action.EXPORT,
        object_ids=", ".join(str(pk) for pk in sorted([application.pk, second.pk])),
        detail="CSV-vienti: 2 hakemusta (Jäsenhaku 2027)",
    )


def test_the_right_of_access_export_is_recorded(clerk_client, clerk, application):
    response = run_action(clerk_client, "export_personal_data", application)
    assert PERSONAL["phone"] in response.content.decode()
    the_row(
        user=clerk,
        action=audit.Action.EXPORT,
        object_ids=str(application.pk),
        detail="Tarkastusoikeuden vienti: hakijan 1 hakemus",
    )


def test_the_erasure_is_recorded_once_for_what_it_erased(clerk_client, clerk, application):
    already_removed = ApplicationFactory(
        campaign=application.campaign, committee=application.committee
    )
    run_action(clerk_client, "remove_personal_data", already_removed)
    AuditEntry.objects.all().delete()

    run_action(clerk_client, "remove_personal_data", application, already_removed)

    application.refresh_from_db()
    assert application.email == ""
    the_row(
        user=clerk,
        action=audit.Action.ERASE,
        object_ids=str(application.pk),
        detail="1 hakemuksen henkilötiedot poistettu",
    )
    # Erasing what is already gone erases nothing and records nothing.
    run_action(clerk_client, "remove_personal_data", application)
    assert AuditEntry.objects.count() == 1


def test_selection_into_the_roster_is_recorded(clerk_client, clerk, application):
    run_action(clerk_client, "select_as_member", application)
    assert Membership.objects.filter(person__last_name="Öljynen").exists()
    term = application.campaign.term
    the_row(
        user=clerk,
        action=audit.Action.SELECT,
        object_ids=str(application.pk),
        detail=f"Valittu: jäsen, {application.committee.name}, toimikausi {term.name}",
    )


def test_a_refused_selection_records_nothing(clerk_client, application):
    factories.roster(application.committee, application.campaign.term, members=11)
    run_action(clerk_client, "select_as_member", application)
    assert not AuditEntry.objects.exists()


def test_no_selection_without_its_audit_row(clerk_client, application, monkeypatch):
    """The row is written in the selection's transaction: one does not commit without the other."""

    def broken(**kwargs):
        raise RuntimeError("the audit table is unavailable")

    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(RuntimeError):
        run_action(clerk_client, "select_as_member", application)
    assert not Membership.objects.exists()
    application.refresh_from_db()
    assert application.status == Application.Status.RECEIVED


def test_the_applicants_own_withdrawal_is_recorded_without_naming_them(client, application):
    client.get(reverse("recruitment:application", kwargs={"token": application_token(application)}))
    page = client.get(reverse("recruitment:withdraw"))
    assert page.status_code == 200
    client.post(page.request["PATH_INFO"], {"confirm": "on"})

    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    row = the_row(
        user=None,
        username="",
        actor=audit.Actor.APPLICANT,
        action=audit.Action.WITHDRAW,
        object_ids=str(application.pk),
        detail="Hakija perui hakemuksen; henkilötiedot poistettu",
    )
    assert row.who == "hakija itse"


def test_the_withdrawal_is_recorded_in_finnish_whatever_the_applicants_language(
    client, application
):
    with translation.override("en"):
        client.get(
            reverse("recruitment:application", kwargs={"token": application_token(application)})
        )
        page = client.get(reverse("recruitment:withdraw"))
    assert "Withdraw" in page.content.decode()
    client.post(page.request["PATH_INFO"], {"confirm": "on"})
    the_row(detail="Hakija perui hakemuksen; henkilötiedot poistettu")


def test_the_scheduled_purge_is_recorded_once_per_run(committee, settings):
    settings.APPLICATION_RETENTION_DAYS = 100
    old = ApplicationFactory(
        campaign=closed_campaign(committee, days_ago=200), committee=committee, **PERSONAL
    )
    ApplicationFactory(campaign=closed_campaign(committee, days_ago=20), committee=committee)

    call_command("purge_personal_data", "--only", "applications")
    row = the_row(
        user=None,
        actor=audit.Actor.SYSTEM,
        action=audit.Action.ERASE,
        object_ids=str(old.pk),
    )
    assert row.detail == (
        "Ajastettu poisto: 1 hakemuksen henkilötiedot poistettu (haku päättynyt yli 100 "
        "päivää sitten)"
    )
    # Nothing left to purge: the next day's run adds no row.
    call_command("purge_personal_data", "--only", "applications")
    assert AuditEntry.objects.count() == 1
