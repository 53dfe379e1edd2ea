"""
Writes of space bookings: a request coming in, its confirmation by e-mail, the requester's
cancellation, the staff's approval or refusal. (The expiry and purge of old requests are
declared in bookings/personal_data.py.)
Each write queues its mail to the requester (bookings/mail_kinds.py), sent once it commits.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from bookings.models import BookingRequest, BookingSlot
from bookings.personal_data import CONFIRM_HOURS
from bookings.rules import date_problems, intervals_of, problems, weekly_dates
from bookings.selectors import schedule_of
from committees.models import CommunitySpace
from kouvola_alue import audit, cachescopes, personal_data
from kouvola_alue.addresses import normalize_email
from kouvola_alue.limits.recipients import mail_allowed
from kouvola_alue.mailqueue.outbox import mail_queue


def _locked(space):
    """
    Lock the space's row for the rest of the transaction: every approval and request of the
    space queues behind it, so the check of overlaps and the write are one step. (On SQLite
    the whole database is locked by the first write anyway.)
    """
    return CommunitySpace.objects.select_for_update().get(pk=space.pk)


@sensitive_variables()
@transaction.atomic
def booking_request_create(
    *,
    space,
    date,
    starts,
    ends,
    repeat_until=None,
    language="fi",
    now=None,
    is_demo=False,
    site_url="",
    email,
    **fields,
):
    """
    Store a request for ``date`` ``starts``–``ends`` (Helsinki wall-clock times), weekly up
    to ``repeat_until`` if given, waiting for the requester's confirmation, and mail the
    link to confirm it (under ``site_url``) once the transaction commits; a demo request is
    mailed nothing. Raises ``ValidationError`` with every problem (each conflicting date
    named) and stores nothing.
    """
    space = _locked(space)
    schedule = schedule_of(space)
    found = date_problems(schedule=schedule, first=date, until=repeat_until, now=now)
    if found:
        raise ValidationError([message for _field, message in found])
    intervals = intervals_of(weekly_dates(date, repeat_until), starts, ends)
    found = problems(space=space, schedule=schedule, intervals=intervals, now=now)
    if found:
        raise ValidationError(found)
    booking = BookingRequest.objects.create(
        space=space,
        repeat_until=repeat_until if len(intervals) > 1 else None,
        language=language,
        is_demo=is_demo,
        created_at=now or timezone.now(),
        email=normalize_email(email),
        **fields,
    )
    BookingSlot.objects.bulk_create(
        BookingSlot(request=booking, space=space, starts_at=start, ends_at=end)
        for start, end in intervals
    )
    if not is_demo:
        # The link goes to an address typed by whoever sent the form: within the platform's
        # cap on mail that visitors' posts send (the staff's decisions are not).
        allowed = mail_allowed("booking-received", booking.email)
        mail_queue(
            kind="booking-received", object_id=booking.pk, quiet=not allowed, site_url=site_url
        )
    return booking


@transaction.atomic
def booking_confirm(*, booking, now=None):
    """The requester opened the link of the first mail: the request goes to the staff."""
    now = now or timezone.now()
    booking = BookingRequest.objects.select_for_update().get(pk=booking.pk)
    if booking.status != BookingRequest.Status.UNCONFIRMED:
        return booking
    if booking.created_at < now - datetime.timedelta(hours=CONFIRM_HOURS):
        raise ValidationError(
            _(
                "The request was not confirmed within %(hours)d hours and has expired. "
                "Please send a new request."
            )
            % {"hours": CONFIRM_HOURS},
            code="expired",
        )
    booking.status = BookingRequest.Status.PENDING
    booking.confirmed_at = now
    booking.save(update_fields=["status", "confirmed_at"])
    return booking


@transaction.atomic
def booking_cancel(*, booking):
    """
    The requester cancels (also an approved booking): its dates are freed and the personal
    data removed at once, as nothing needs it any more.
    """
    booking = BookingRequest.objects.select_for_update().get(pk=booking.pk)
    if not booking.can_be_cancelled:
        return booking
    if booking.status == BookingRequest.Status.APPROVED:
        # Its times showed as booked; a request not yet approved showed nowhere.
        cachescopes.forget(*booking.cache_scopes())
    now = timezone.now()
    booking.slots.update(is_approved=False)
    return personal_data.erase(
        obj=booking,
        actor=audit.Actor.APPLICANT,
        action=audit.Action.WITHDRAW,
        detail=lambda: _("Booking request cancelled by the requester; personal data erased"),
        now=now,
        status=BookingRequest.Status.CANCELLED,
        decided_at=now,
    )


def _refusal(space, booking, found):
    return ValidationError(
        _("Request %(number)s was not approved: %(problems)s")
        % {"number": booking.pk, "problems": " ".join(found)},
        code="conflict",
    )


@transaction.atomic
def booking_approve(*, booking, user=None, message="", now=None, site_url=""):
    """
    Approve a confirmed request, all its dates at once. The space's row is locked first, so
    that two clerks approving overlapping requests at the same moment are served in turn:
    the second is refused with the dates that are taken (``ValidationError``). The database
    refuses overlapping approved dates even so (PostgreSQL's exclusion constraint). The
    requester is mailed (links under ``site_url``) once the transaction commits.
    """
    now = now or timezone.now()
    space = _locked(booking.space)
    booking = BookingRequest.objects.select_for_update().get(pk=booking.pk)
    if booking.status != BookingRequest.Status.PENDING:
        raise ValidationError(
            _("Request %(number)s is %(status)s; only a confirmed request can be approved.")
            % {"number": booking.pk, "status": booking.get_status_display()},
            code="status",
        )
    slots = list(booking.slots.all())
    intervals = [(s.starts_at, s.ends_at) for s in slots]
    schedule = schedule_of(space)
    found = problems(space=space, schedule=schedule, intervals=intervals, now=now)
    if found:
        raise _refusal(space, booking, found)
    try:
        with transaction.atomic():
            BookingSlot.objects.filter(request=booking).update(is_approved=True)
    except IntegrityError:
        raise _refusal(space, booking, [_("Its time overlaps an approved booking.")]) from None
    booking.status = BookingRequest.Status.APPROVED
    booking.decided_at = now
    booking.decided_by = user
    booking.decision_message = message
    booking.save(update_fields=["status", "decided_at", "decided_by", "decision_message"])
    cachescopes.forget(*booking.cache_scopes())
    _tell(booking, "booking-approved", site_url)
    return booking


@transaction.atomic
def booking_decline(*, booking, user=None, message="", now=None, site_url=""):
    """
    Decline a request (also one approved earlier: its dates are freed); the requester is
    mailed (links under ``site_url``) once the transaction commits.
    """
    booking = BookingRequest.objects.select_for_update().get(pk=booking.pk)
    if booking.status not in (BookingRequest.Status.PENDING, BookingRequest.Status.APPROVED):
        raise ValidationError(
            _("Request %(number)s is %(status)s and cannot be declined.")
            % {"number": booking.pk, "status": booking.get_status_display()},
            code="status",
        )
    if booking.status == BookingRequest.Status.APPROVED:
        cachescopes.forget(*booking.cache_scopes())
    booking.slots.update(is_approved=False)
    booking.status = BookingRequest.Status.DECLINED
    booking.decided_at = now or timezone.now()
    booking.decided_by = user
    booking.decision_message = message
    booking.save(update_fields=["status", "decided_at", "decided_by", "decision_message"])
    _tell(booking, "booking-declined", site_url)
    return booking


def _tell(booking, kind, site_url):
    if not booking.is_demo:
        mail_queue(kind=kind, object_id=booking.pk, site_url=site_url)
