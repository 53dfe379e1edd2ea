"""
The vitality subcommittee's staff run the recruitment: campaigns and their recorded numbers,
and the applications (which only they and superusers may see). Applications are never added
by staff, only through the public form.
"""

from django.db import migrations

from kouvola_alue.staff_group import grant_to_staff_group


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("committees", "0002_elinvoimajaosto_group"),
        ("recruitment", "0001_initial"),
    ]

    operations = [
        grant_to_staff_group(
            {
                ("recruitment", "campaign"): ["view", "add", "change", "delete"],
                ("recruitment", "recordedcount"): ["view", "add", "change", "delete"],
                ("recruitment", "application"): ["view", "change", "delete"],
            }
        )
    ]
