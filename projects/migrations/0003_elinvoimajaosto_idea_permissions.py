"""The Elinvoimajaosto staff group moderates project ideas and reads their status history."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Elinvoimajaosto"

PERMISSIONS = {
    ("projects", "projectidea"): ["view", "add", "change", "delete"],
    ("projects", "statuschange"): ["view"],
}


def _permissions(apps):
    app_config = apps.get_app_config("projects")
    # The migration state's app config has no models module; create_permissions needs one.
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(content_type__app_label=app, codename=f"{action}_{model}")
        for (app, model), actions in PERMISSIONS.items()
        for action in actions
    ]


def grant(apps, schema_editor):
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).first()
    if group:
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("committees", "0002_elinvoimajaosto_group"),
        ("projects", "0002_project_ideas"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
