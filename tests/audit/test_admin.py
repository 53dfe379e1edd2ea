"""The audit trail in the admin: superusers read it, nobody edits or deletes it."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from kouvola_alue import audit
from kouvola_alue.audit.models import AuditEntry
from tests import factories

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:audit_auditentry_changelist")


@pytest.fixture
def entry(clerk):
    return audit.record(user=clerk, action=audit.Action.EXPORT, detail="CSV-vienti: 3 hakemusta")


@pytest.fixture
def superuser_client(client):
    factories.sign_in_staff(client, factories.UserFactory(is_staff=True, is_superuser=True))
    return client


def test_a_superuser_reads_the_trail(superuser_client, entry, clerk):
    assert CHANGELIST in superuser_client.get(reverse("admin:index")).content.decode()
    response = superuser_client.get(CHANGELIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "CSV-vienti: 3 hakemusta" in html
    assert clerk.username in html
    assert "vienti" in html

    response = superuser_client.get(reverse("admin:audit_auditentry_change", args=[entry.pk]))
    assert response.status_code == 200
    assert "CSV-vienti: 3 hakemusta" in response.content.decode()
    # A page to read, with nothing to save or delete.
    assert response.context["has_change_permission"] is False
    assert response.context["has_delete_permission"] is False
    assert 'name="_save"' not in response.content.decode()


def test_nobody_adds_changes_or_deletes_a_row_in_the_admin(superuser_client, entry):
    change = reverse("admin:audit_auditentry_change", args=[entry.pk])
    response = superuser_client.post(change, {"detail": "muutettu", "action": "view"})
    assert response.status_code == 403
    assert superuser_client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    delete = reverse("admin:audit_auditentry_delete", args=[entry.pk])
    assert superuser_client.get(delete).status_code == 403
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert entry.detail == "CSV-vienti: 3 hakemusta"


def test_the_trail_has_no_bulk_delete(superuser_client, entry):
    response = superuser_client.get(CHANGELIST)
    assert response.context["action_form"] is None
    assert "delete_selected" not in response.content.decode()
    # Posted anyway, the action is unknown and nothing goes.
    superuser_client.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_the_trail_is_invisible_to_a_clerk(clerk_client, entry):
    index = clerk_client.get(reverse("admin:index")).content.decode()
    assert CHANGELIST not in index
    assert clerk_client.get(CHANGELIST).status_code == 403
    change = reverse("admin:audit_auditentry_change", args=[entry.pk])
    assert clerk_client.get(change).status_code == 403


def test_a_permission_given_by_hand_does_not_open_it_to_other_staff(client, entry):
    staff = factories.UserFactory(is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(content_type__app_label="audit"))
    factories.sign_in_staff(client, staff)
    assert client.get(CHANGELIST).status_code == 403


def test_a_row_keeps_the_account_name_after_the_account_is_removed(clerk, entry):
    clerk.delete()
    entry.refresh_from_db()
    assert entry.user is None
    assert entry.who == clerk.username


def test_a_row_names_someone():
    with pytest.raises(ValueError):
        audit.record(action=audit.Action.VIEW, detail="nobody")
    assert not AuditEntry.objects.exists()
