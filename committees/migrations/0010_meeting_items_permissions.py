"""The Elinvoimajaosto staff group keeps the meetings' items, attachments and attendance."""

from django.db import migrations

from kouvola_alue.staff_group import grant_to_staff_group


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("committees", "0009_meetings_as_data"),
    ]

    operations = [
        grant_to_staff_group(
            {
                ("committees", model): ["view", "add", "change", "delete"]
                for model in ("agendaitem", "agendaitemattachment", "attendance", "otherattendee")
            }
        )
    ]
