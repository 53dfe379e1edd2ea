"""
The demo's bookable hours and bookings (``seed_kouvola --demo``), from
``data/demo_bookings.yaml``: each demo space gets the rules and hours, and a few requests that
are confirmed and approved through the same services as the public form and the admin. Safe
to run again: a space that already has rules is left as it is.
"""

import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from bookings.models import BookingRules, OpeningHours, SpecialDay
from bookings.services import booking_approve, booking_confirm, booking_request_create
from committees.models import CommunitySpace
from kouvola_alue import dataload

DEMO = Path(__file__).resolve().parent / "data" / "demo_bookings.yaml"


def _time(text):
    return datetime.time.fromisoformat(text)


@transaction.atomic
def seed_demo():
    demo = dataload.read(DEMO, keys={"rules", "opening_hours", "special_days", "bookings"})
    today = timezone.localdate()
    counts = {"demo booking rules": 0, "demo bookings": 0}
    spaces = CommunitySpace.objects.filter(is_demo=True, booking_rules__isnull=True)
    for space in spaces.order_by("pk"):
        rules = BookingRules.objects.create(space=space, **demo["rules"])
        OpeningHours.objects.bulk_create(
            OpeningHours(
                rules=rules, weekday=day, opens=_time(p["opens"]), closes=_time(p["closes"])
            )
            for p in demo["opening_hours"]
            for day in p["weekdays"]
        )
        SpecialDay.objects.bulk_create(
            SpecialDay(
                rules=rules,
                date=today + datetime.timedelta(days=d["days"]),
                opens=_time(d["opens"]) if "opens" in d else None,
                closes=_time(d["closes"]) if "closes" in d else None,
                reason=d.get("reason", ""),
            )
            for d in demo["special_days"]
        )
        counts["demo booking rules"] += 1
        for row in demo["bookings"]:
            row = dict(row)
            day = today + datetime.timedelta(days=row.pop("days"))
            weeks = row.pop("weeks", 1)
            try:
                booking = booking_request_create(
                    space=space,
                    date=day,
                    starts=_time(row.pop("starts")),
                    ends=_time(row.pop("ends")),
                    repeat_until=day + datetime.timedelta(weeks=weeks - 1) if weeks > 1 else None,
                    email="varaaja@example.invalid",
                    is_demo=True,
                    **row,
                )
            except ValidationError:
                # A closed day or a demo meeting at that time: the demo does without it.
                continue
            booking_confirm(booking=booking)
            booking_approve(booking=booking, message="Tervetuloa!")
            counts["demo bookings"] += 1
    return counts
