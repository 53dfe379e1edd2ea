"""
An applicant's personal fields are one list, ``Application.PERSONAL_FIELDS``: the form asks
for each, the admin and the export show each, and every way of removing the data erases each.
The tests loop over that list, and a field left out of it fails the first test.
"""

import csv
import io

import pytest
from django.core.management import call_command
from django.db import models
from django.test import override_settings
from django.urls import reverse

from recruitment.models import Application
from recruitment.tokens import application_token
from tests.recruitment.factories import ApplicationFactory, closed_campaign, open_campaign

pytestmark = pytest.mark.django_db

# Not about the applicant as a person: what the counts per area and the processing need.
NOT_PERSONAL = {
    "id",
    "campaign",
    "committee",
    "status",
    "submitted_at",
    "status_changed_at",
    "access_key",
    "language",
    "person",
    "membership",
    "personal_data_removed_at",
}


def field(name):
    return Application._meta.get_field(name)


def given(name):
    """A value for the field that no other field's value contains."""
    if field(name).choices:
        return field(name).choices[-1][0]
    if isinstance(field(name), models.BooleanField):
        return True
    return f"TUNNISTE-{name.upper()}"


def shown(name, value):
    """How the admin's CSV export writes ``value`` of the field."""
    if field(name).choices:
        return str(dict(field(name).choices).get(value, ""))
    if isinstance(value, bool):
        return "kyllä" if value else "ei"
    return value


@pytest.fixture
def applicant(committee):
    campaign = closed_campaign(committee, days_ago=30)
    return ApplicationFactory(
        campaign=campaign,
        committee=committee,
        **{name: given(name) for name in Application.PERSONAL_FIELDS},
        staff_notes="TUNNISTE-STAFF_NOTES",
    )


def exported_row(clerk_client, application):
    response = clerk_client.post(
        reverse("admin:recruitment_application_changelist"),
        {"action": "export_csv", "_selected_action": [application.pk]},
    )
    header, row = csv.reader(
        io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"
    )
    return dict(zip(header, row, strict=True))


def admin_page(clerk_client, application):
    url = reverse("admin:recruitment_application_change", args=[application.pk])
    return clerk_client.get(url).content.decode()


def test_every_field_of_an_application_is_personal_or_needed_for_the_counts():
    names = {f.name for f in Application._meta.concrete_fields}
    assert names == set(Application.ERASED_FIELDS) | NOT_PERSONAL
    assert set(Application.PERSONAL_FIELDS) <= set(Application.ERASED_FIELDS)
    assert not set(Application.ERASED_FIELDS) & NOT_PERSONAL


def test_the_form_asks_for_every_personal_field(client, committee):
    campaign = open_campaign(committee)
    html = client.get(reverse("recruitment:apply", kwargs={"slug": campaign.slug})).content
    for name in Application.PERSONAL_FIELDS:
        assert f'name="{name}"'.encode() in html, name


def test_the_admin_and_the_export_show_every_personal_field(clerk_client, applicant):
    page = admin_page(clerk_client, applicant)
    row = exported_row(clerk_client, applicant)
    for name in Application.PERSONAL_FIELDS:
        value = shown(name, given(name))
        assert row[str(field(name).verbose_name)] == value, name
        if isinstance(value, str) and value not in ("kyllä", "ei"):
            assert value in page, name


def withdraw(client, clerk_client, application):
    # The applicant withdraws by their private link while the application is undecided.
    client.get(reverse("recruitment:application", kwargs={"token": application_token(application)}))
    client.post(reverse("recruitment:withdraw"), {"confirm": "on"})


def purge(client, clerk_client, application):
    with override_settings(APPLICATION_RETENTION_DAYS=0):
        call_command("purge_personal_data", stdout=io.StringIO())


def erase_in_the_admin(client, clerk_client, application):
    clerk_client.post(
        reverse("admin:recruitment_application_changelist"),
        {"action": "remove_personal_data", "_selected_action": [application.pk]},
    )


@pytest.mark.parametrize("remove", [withdraw, purge, erase_in_the_admin])
def test_every_way_of_removing_the_data_erases_every_personal_field(
    client, clerk_client, applicant, remove
):
    remove(client, clerk_client, applicant)

    stored = Application.objects.get(pk=applicant.pk)
    assert stored.personal_data_removed_at is not None
    for name in Application.ERASED_FIELDS:
        assert getattr(stored, name) == field(name).get_default(), name
        assert getattr(stored, name) != getattr(applicant, name), name
    page = admin_page(clerk_client, stored)
    row = exported_row(clerk_client, stored)
    for name in Application.PERSONAL_FIELDS:
        assert row[str(field(name).verbose_name)] == shown(name, field(name).get_default()), name
        assert f"TUNNISTE-{name.upper()}" not in page, name
    assert "TUNNISTE-STAFF_NOTES" not in page
