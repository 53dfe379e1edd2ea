"""The Elinvoimajaosto staff group keeps meetings, minutes and community spaces."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Elinvoimajaosto"

PERMISSIONS = {
    ("committees", "meeting"): ["view", "add", "change", "delete"],
    ("committees", "communityspace"): ["view", "add", "change", "delete"],
}


def _codenames():
    return [
        (app, f"{action}_{model}")
        for (app, model), actions in PERMISSIONS.items()
        for action in actions
    ]


def add_permissions(apps, schema_editor):
    app_config = apps.get_app_config("committees")
    # The migration state's app config has no models module; create_permissions needs one.
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    for app, codename in _codenames():
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app, codename=codename)
        )


def remove_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group is None:
        return
    for app, codename in _codenames():
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label=app, codename=codename)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("committees", "0003_meetings_and_spaces"),
    ]

    operations = [migrations.RunPython(add_permissions, remove_permissions)]
