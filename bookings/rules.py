"""
Whether a space may be booked for some dates and times: the one check that the public form
and the services both run (the services again under the space's lock).
"""

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bookings.hours import at
from bookings.selectors import conflicts

# A weekly booking lists its dates in one request; a year's Tuesdays is enough.
MOST_DATES = 53


def weekly_dates(first, until=None):
    """
    ``first`` and each date a week later up to ``until`` (included), but never more than one
    date past ``MOST_DATES``: enough for ``problems()`` to refuse the series, and no more work
    whatever ``until`` says.
    """
    count = (until - first).days // 7 + 1 if until and until > first else 1
    return [first + datetime.timedelta(weeks=week) for week in range(min(count, MOST_DATES + 1))]


def date_problems(*, schedule, first, until=None, now=None):
    """
    What stops the dates from ``first`` (weekly to ``until``) before a single one is built,
    as ``(field, message)`` pairs: a series longer than ``MOST_DATES``, a day already past or
    beyond the space's horizon. Dates and counts only, so a date in year 1 or 9999 costs
    nothing and overflows nothing; the callers run it before ``weekly_dates()``.
    """
    today = timezone.localdate(now or timezone.now())
    horizon = today + datetime.timedelta(days=schedule.rules.horizon_days)
    found = []
    if first < today:
        found.append(("date", _("%(when)s has already passed.") % {"when": date_format(first)}))
    elif first > horizon:
        found.append(("date", _too_far(first, horizon)))
    if until and until > first:
        weeks = (until - first).days // 7
        if weeks + 1 > MOST_DATES:
            found.append(("repeat_until", _most_dates()))
        elif first <= horizon and (last := first + datetime.timedelta(weeks=weeks)) > horizon:
            found.append(("repeat_until", _too_far(last, horizon)))
    return found


def _too_far(day, horizon):
    return _("%(when)s is too far ahead: bookings are taken up to %(date)s.") % {
        "when": date_format(day),
        "date": date_format(horizon),
    }


def _most_dates():
    return _("A weekly booking may have at most %(count)d dates.") % {"count": MOST_DATES}


def intervals_of(dates, starts, ends):
    return [(at(day, starts), at(day, ends)) for day in dates]


def _clock(day, time):
    return date_format(at(day, time), "TIME_FORMAT")


def _when(start, end):
    return _("%(date)s %(start)s–%(end)s") % {
        "date": date_format(timezone.localtime(start).date()),
        "start": date_format(timezone.localtime(start), "TIME_FORMAT"),
        "end": date_format(timezone.localtime(end), "TIME_FORMAT"),
    }


def problems(*, space, schedule, intervals, now=None, check_past=True):
    """
    What stops ``intervals`` (``(start, end)`` pairs of one request) from being booked in
    ``space``, as messages for the person; empty when nothing does. The dates that conflict
    are named one by one.
    """
    now = now or timezone.now()
    rules = schedule.rules
    if not schedule.is_bookable:
        return [_("This space cannot be booked on the site.")]
    if len(intervals) > MOST_DATES:
        return [_most_dates()]
    found = []
    start, end = intervals[0]
    if end <= start:
        return [_("The booking must end after it starts.")]
    if end - start > datetime.timedelta(hours=rules.longest_booking_hours):
        found.append(
            _("A booking may last at most %(hours)d hours.")
            % {"hours": rules.longest_booking_hours}
        )
    horizon = timezone.localdate(now) + datetime.timedelta(days=rules.horizon_days)
    for start, end in intervals:
        day = timezone.localtime(start).date()
        if check_past and start <= now:
            found.append(_("%(when)s has already passed.") % {"when": _when(start, end)})
        elif day > horizon:
            found.append(
                _("%(when)s is too far ahead: bookings are taken up to %(date)s.")
                % {"when": _when(start, end), "date": date_format(horizon)}
            )
        elif not schedule.contains(start, end):
            times = schedule.times_on(day)
            if not times:
                reason = schedule.reason_on(day)
                message = (
                    _("%(when)s: the space is closed that day (%(reason)s).")
                    if reason
                    else _("%(when)s: the space is closed that day.")
                ) % {"when": _when(start, end), "reason": reason}
            else:
                hours = ", ".join(f"{_clock(day, o)}–{_clock(day, c)}" for o, c in times)
                message = _("%(when)s is outside the bookable hours of that day (%(hours)s).") % {
                    "when": _when(start, end),
                    "hours": hours,
                }
            found.append(message)
    if not found:
        for start, end in conflicts(space, intervals):
            found.append(_("%(when)s is already booked.") % {"when": _when(start, end)})
    return found
