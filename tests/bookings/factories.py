"""Spaces with bookable hours, and posts of the booking form, for the bookings tests."""

import datetime
import time
import zoneinfo

from django.utils import timezone

from bookings.models import BookingRules, OpeningHours
from bookings.services import booking_approve, booking_confirm, booking_request_create
from kouvola_alue import abuse
from tests.committees.factories import CommunitySpaceFactory

HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")


def bookable_space(*, opens="08:00", closes="22:00", longest=4, horizon=60, **kwargs):
    """A space bookable every day of the week between ``opens`` and ``closes``."""
    space = CommunitySpaceFactory(**kwargs)
    rules = BookingRules.objects.create(
        space=space, longest_booking_hours=longest, horizon_days=horizon
    )
    for weekday in range(7):
        OpeningHours.objects.create(
            rules=rules,
            weekday=weekday,
            opens=datetime.time.fromisoformat(opens),
            closes=datetime.time.fromisoformat(closes),
        )
    return space


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def at(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=HELSINKI)


def booking_data(**overrides):
    """A complete, valid post of the booking form: in three days, 17–19."""
    data = {
        "date": in_days(3).isoformat(),
        "starts": "17:00",
        "ends": "19:00",
        "purpose": "Kyläyhdistyksen syyskokous",
        "attendees": "12",
        "accessibility_need": "",
        "public_title": "",
        "name": "Veera Varaaja",
        "email": "veera.varaaja@example.fi",
        "phone": "040 765 4321",
        "association": "Demokylän kyläyhdistys",
        "privacy_notice": "on",
        "website": "",
        "rendered_at": abuse.form_stamp(issued_at=time.time() - 10),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def approved_booking(space, day, start, end, **fields):
    """A request through the services: sent, confirmed and approved."""
    booking = pending_booking(space, day, start, end, **fields)
    return booking_approve(booking=booking)


def pending_booking(space, day, start, end, **fields):
    fields = {
        "purpose": "Salainen tarkoitus",
        "attendees": 5,
        "name": "Salli Salainen",
        "email": "salli@example.fi",
        **fields,
    }
    booking = booking_request_create(
        space=space,
        date=day,
        starts=datetime.time.fromisoformat(start),
        ends=datetime.time.fromisoformat(end),
        **fields,
    )
    return booking_confirm(booking=booking)
