"""
The staff group of the city's vitality subcommittee (elinvoimajaosto), with exactly the
permissions its work on the committees needs. Later apps add their own permissions to it
in their own migrations.
"""

from django.db import migrations

from kouvola_alue.staff_group import GROUP_NAME, grant_to_staff_group

PERMISSIONS = {
    ("committees", "committee"): ["view", "change"],
    ("committees", "term"): ["view", "add", "change"],
    ("committees", "person"): ["view", "add", "change", "delete"],
    ("committees", "membership"): ["view", "add", "change", "delete"],
    ("committees", "pagesection"): ["view", "add", "change"],
}


def create_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=GROUP_NAME)


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("committees", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_group, delete_group),
        grant_to_staff_group(PERMISSIONS),
    ]
