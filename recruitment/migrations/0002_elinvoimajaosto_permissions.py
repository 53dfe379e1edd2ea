"""
The vitality subcommittee's staff run the recruitment: campaigns and their recorded numbers,
and the applications (which only they and superusers may see). Applications are never added
by staff, only through the public form.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Elinvoimajaosto"

PERMISSIONS = {
    "campaign": ["view", "add", "change", "delete"],
    "recordedcount": ["view", "add", "change", "delete"],
    "application": ["view", "change", "delete"],
}


def _codenames():
    return [f"{action}_{model}" for model, actions in PERMISSIONS.items() for action in actions]


def add_permissions(apps, schema_editor):
    app_config = apps.get_app_config("recruitment")
    # The migration state's app config has no models module; create_permissions needs one.
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="recruitment", codename__in=_codenames()
        )
    )


def remove_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="recruitment", codename__in=_codenames()
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("committees", "0002_elinvoimajaosto_group"),
        ("recruitment", "0001_initial"),
    ]

    operations = [migrations.RunPython(add_permissions, remove_permissions)]
