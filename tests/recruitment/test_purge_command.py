import pytest
from django.core.management import CommandError, call_command

from recruitment.models import Application
from tests.recruitment.factories import ApplicationFactory, closed_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def applications(committee):
    old = closed_campaign(committee, days_ago=200)
    new = closed_campaign(committee, days_ago=20)
    return (
        ApplicationFactory(campaign=old, committee=committee),
        ApplicationFactory(campaign=new, committee=committee),
    )


def test_the_retention_comes_from_the_setting(applications, settings, capsys):
    settings.APPLICATION_RETENTION_DAYS = 365
    call_command("purge_personal_data")
    assert "applications: erased the personal data of 0 " in capsys.readouterr().out
    assert Application.objects.with_personal_data().count() == 2

    settings.APPLICATION_RETENTION_DAYS = 100
    call_command("purge_personal_data")
    assert "applications: erased the personal data of 1 " in capsys.readouterr().out
    old, new = applications
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.email == "" and old.personal_data_removed_at
    assert new.email
    # The row stays, so the campaign's numbers do.
    assert Application.objects.count() == 2


def test_a_dry_run_changes_nothing(applications, capsys, settings):
    settings.APPLICATION_RETENTION_DAYS = 10
    call_command("purge_personal_data", "--dry-run")
    assert "applications: would erase the personal data of 2 " in capsys.readouterr().out
    assert Application.objects.with_personal_data().count() == 2


def test_an_unknown_kind_of_data_is_refused(applications):
    with pytest.raises(CommandError):
        call_command("purge_personal_data", "--only", "everything")
