"""Every migration can be reversed: the schema and the data migrations both go back."""

import pytest
from django.core.management import call_command
from django.db import connection


@pytest.mark.django_db(transaction=True)
def test_all_migrations_reverse_and_reapply():
    for app in ("portal", "projects", "committees"):
        call_command("migrate", app, "zero", verbosity=0)
    tables = connection.introspection.table_names()
    assert not any(t.startswith(("committees_", "projects_", "portal_")) for t in tables)
    call_command("migrate", verbosity=0)
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType

    assert Group.objects.filter(name="Elinvoimajaosto").exists()
    ContentType.objects.clear_cache()
