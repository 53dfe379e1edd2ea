"""
The staff group of the city's vitality subcommittee (elinvoimajaosto), with exactly the
permissions its work on the committees needs. Later apps add their own permissions to it
in their own migrations.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Elinvoimajaosto"

PERMISSIONS = {
    ("committees", "committee"): ["view", "change"],
    ("committees", "term"): ["view", "add", "change"],
    ("committees", "person"): ["view", "add", "change", "delete"],
    ("committees", "membership"): ["view", "add", "change", "delete"],
    ("committees", "pagesection"): ["view", "add", "change"],
    ("projects", "goal"): ["view", "change"],
}


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations have run; make sure they exist.
    for app_label in {app for app, _ in PERMISSIONS}:
        app_config = apps.get_app_config(app_label)
        # The migration state's app config has no models module; create_permissions needs one.
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    codenames = [
        (app, f"{action}_{model}") for (app, model), actions in PERMISSIONS.items()
        for action in actions
    ]
    for app, codename in codenames:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app, codename=codename)
        )


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("committees", "0001_initial"),
        ("projects", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
