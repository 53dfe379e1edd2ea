"""The Elinvoimajaosto staff group moderates project ideas and reads their status history."""

from django.db import migrations

from kouvola_alue.staff_group import grant_to_staff_group


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("committees", "0002_elinvoimajaosto_group"),
        ("projects", "0002_project_ideas"),
    ]

    operations = [
        grant_to_staff_group(
            {
                ("projects", "projectidea"): ["view", "add", "change", "delete"],
                ("projects", "statuschange"): ["view"],
            }
        )
    ]
