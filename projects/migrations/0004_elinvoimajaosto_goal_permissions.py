"""The Elinvoimajaosto staff group edits the goals' texts (granted by the committees app before)."""

from django.db import migrations

from kouvola_alue.staff_group import grant_to_staff_group


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("committees", "0002_elinvoimajaosto_group"),
        ("projects", "0003_elinvoimajaosto_idea_permissions"),
    ]

    operations = [grant_to_staff_group({("projects", "goal"): ["view", "change"]})]
