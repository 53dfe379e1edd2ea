"""
Time arithmetic of bookings, in Helsinki time: a space's bookable periods on a day, the
union of busy intervals and how much of the bookable time they cover. Pure functions over
rows already read, so that a page of a year's figures costs a fixed number of queries.
"""

import datetime
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings

HOUR = datetime.timedelta(hours=1)


def helsinki():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def at(day, time):
    """``day`` at ``time`` on the wall clocks of Helsinki, as an aware datetime."""
    return datetime.datetime.combine(day, time, tzinfo=helsinki())


def local_day(moment):
    return moment.astimezone(helsinki()).date()


@dataclass
class Schedule:
    """The bookable hours of one space: weekly periods and dated exceptions."""

    rules: object = None
    weekly: dict = field(default_factory=lambda: defaultdict(list))
    special: dict = field(default_factory=dict)

    @classmethod
    def of(cls, rules):
        """From ``BookingRules`` with ``opening_hours`` and ``special_days`` prefetched."""
        schedule = cls(rules=rules)
        if rules is None:
            return schedule
        for period in rules.opening_hours.all():
            schedule.weekly[period.weekday].append((period.opens, period.closes))
        for day in rules.special_days.all():
            schedule.special[day.date] = day
        return schedule

    @property
    def is_bookable(self):
        return bool(self.rules and self.rules.is_bookable)

    def times_on(self, day):
        """The (opens, closes) wall-clock times of ``day``, in order; empty when closed."""
        special = self.special.get(day)
        if special is not None:
            return [] if special.is_closed else [(special.opens, special.closes)]
        return sorted(self.weekly.get(day.weekday(), []))

    def periods_on(self, day):
        return [(at(day, opens), at(day, closes)) for opens, closes in self.times_on(day)]

    def reason_on(self, day):
        special = self.special.get(day)
        return special.reason if special is not None else ""

    def contains(self, starts_at, ends_at):
        """Whether one bookable period of the day holds the whole of ``starts_at–ends_at``."""
        return any(
            start <= starts_at and ends_at <= end
            for start, end in self.periods_on(local_day(starts_at))
        )


def days(first, last):
    """Every date from ``first`` to ``last``, both included."""
    day = first
    while day <= last:
        yield day
        day += datetime.timedelta(days=1)


def merged(intervals):
    """The union of ``(start, end)`` intervals, sorted and without overlaps."""
    union = []
    for start, end in sorted(intervals):
        if union and start <= union[-1][1]:
            union[-1] = (union[-1][0], max(union[-1][1], end))
        else:
            union.append((start, end))
    return union


def overlap(periods, busy):
    """How long the sorted, merged ``busy`` intervals cover the ``periods``."""
    total = datetime.timedelta()
    for start, end in periods:
        for busy_start, busy_end in busy:
            if busy_start >= end:
                break
            if busy_end > start:
                total += min(end, busy_end) - max(start, busy_start)
    return total


def by_day(intervals):
    """Merged intervals split at local midnights, as {date: [(start, end), …]}."""
    pieces = defaultdict(list)
    for start, end in merged(intervals):
        day = local_day(start)
        while start < end:
            midnight = at(day + datetime.timedelta(days=1), datetime.time())
            pieces[day].append((start, min(end, midnight)))
            start, day = midnight, day + datetime.timedelta(days=1)
    return pieces
