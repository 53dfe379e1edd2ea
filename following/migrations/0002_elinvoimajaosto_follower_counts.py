"""The Elinvoimajaosto staff group sees how many follow each committee (never who)."""

from django.db import migrations

from kouvola_alue.staff_group import grant_to_staff_group


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("committees", "0002_elinvoimajaosto_group"),
        ("following", "0001_subscriptions"),
    ]

    operations = [grant_to_staff_group({("following", "subscription"): ["view"]})]
