"""
The vitality subcommittee's staff keep the spaces' bookable hours and decide on the booking
requests (which only they and superusers may see). Requests are never added by staff, only
through the public form.
"""

from django.db import migrations

from kouvola_alue.staff_group import grant_to_staff_group


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("committees", "0002_elinvoimajaosto_group"),
        ("bookings", "0002_approved_slots_never_overlap"),
    ]

    operations = [
        grant_to_staff_group(
            {
                ("bookings", "bookingrules"): ["view", "add", "change", "delete"],
                ("bookings", "openinghours"): ["view", "add", "change", "delete"],
                ("bookings", "specialday"): ["view", "add", "change", "delete"],
                ("bookings", "bookingrequest"): ["view", "change", "delete"],
                ("bookings", "bookingslot"): ["view"],
            }
        )
    ]
