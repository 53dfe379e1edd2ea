"""What bookings keeps of requesters, and for how long (``kouvola_alue.personal_data``)."""

import datetime

from django.db.models import Max
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from bookings.models import BookingRequest
from kouvola_alue import personal_data

# How long a request waits for the requester to open the link in the first mail.
CONFIRM_HOURS = 48


BOOKERS = personal_data.Declaration(
    name="bookings",
    model="bookings.BookingRequest",
    # The requests and their dates stay, without who or why, so the use rate stays.
    fields=BookingRequest.PERSONAL_FIELDS,
    removed_at="personal_data_removed_at",
    retention=personal_data.days_setting("APPLICATION_RETENTION_DAYS"),
    due=lambda rows, *, limit: rows.annotate(last_end=Max("slots__ends_at")).filter(
        last_end__lt=limit
    ),
    kept=_("Booking requesters' names, contact details and purposes"),
    counted_from=_("after the last booked date"),
    note=ngettext_lazy(
        "Scheduled purge: personal data of %(count)d booking request erased (its dates "
        "ended more than %(days)d days ago)",
        "Scheduled purge: personal data of %(count)d booking requests erased (their "
        "dates ended more than %(days)d days ago)",
        "count",
    ),
)

UNCONFIRMED = personal_data.Declaration(
    name="unconfirmed bookings",
    model="bookings.BookingRequest",
    fields=(),
    retention=datetime.timedelta(hours=CONFIRM_HOURS),
    due=lambda rows, *, limit: rows.filter(
        status=BookingRequest.Status.UNCONFIRMED, created_at__lt=limit
    ),
    kept=_("Booking requests never confirmed by e-mail"),
    counted_from=_("after the request was sent"),
)
