"""The Elinvoimajaosto staff group keeps meetings, minutes and community spaces."""

from django.db import migrations

from kouvola_alue.staff_group import grant_to_staff_group


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("committees", "0003_meetings_and_spaces"),
    ]

    operations = [
        grant_to_staff_group(
            {
                ("committees", "meeting"): ["view", "add", "change", "delete"],
                ("committees", "communityspace"): ["view", "add", "change", "delete"],
            }
        )
    ]
