"""
Reads of bookings shared by the pages, the calendar, open data and the services: the spaces'
schedules, their busy times (meetings held there and approved bookings) and the use rate.
"""

import calendar
import datetime
import functools
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import CharField, DateField, IntegerField, Prefetch, Value
from django.utils import timezone

from bookings.hours import HOUR, Schedule, at, by_day, days, merged, overlap
from bookings.models import BookingRules, BookingSlot, OpeningHours, SpecialDay
from committees.models import Meeting


def schedules(space_ids):
    """``{space_id: Schedule}`` for ``space_ids``; a space without rules gets an empty one."""
    rules = BookingRules.objects.filter(space_id__in=list(space_ids)).prefetch_related(
        Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday", "opens")),
        Prefetch("special_days", queryset=SpecialDay.objects.order_by("date")),
    )
    found = {r.space_id: Schedule.of(r) for r in rules}
    return {pk: found.get(pk, Schedule()) for pk in space_ids}


def schedule_of(space):
    return schedules([space.pk])[space.pk]


@dataclass(frozen=True)
class Busy:
    """A busy time of a space. ``title`` only for meetings and published event titles."""

    starts_at: datetime.datetime
    ends_at: datetime.datetime
    title: str
    uid: str
    kind: str  # "meeting" or "booking"
    # The language of ``title``: a booker's event title is in the language they booked in.
    language: str = ""


def _meetings_in(space_ids, starts_at, ends_at):
    # A cancelled meeting leaves the space free; an unpublished one is not announced yet,
    # but it holds the space all the same.
    return Meeting.objects.filter(
        space_id__in=list(space_ids),
        is_cancelled=False,
        starts_at__lt=ends_at,
        ends_at__gt=starts_at,
    )


def busy_times(space_ids, starts_at, ends_at, *, with_titles=False):
    """
    ``{space_id: [Busy, …]}`` overlapping ``starts_at–ends_at``, soonest first: approved
    bookings and meetings in the spaces. Two queries, whatever the period's length.
    """
    busy = defaultdict(list)
    slots = BookingSlot.objects.approved().filter(
        space_id__in=list(space_ids), starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    for pk, space_id, start, end, title, language in slots.values_list(
        "pk", "space_id", "starts_at", "ends_at", "request__public_title", "request__language"
    ):
        busy[space_id].append(
            Busy(start, end, title if with_titles else "", f"varaus-{pk}", "booking", language)
        )
    meetings = _meetings_in(space_ids, starts_at, ends_at).select_related("committee")
    if with_titles:
        rows = [
            (
                m.pk,
                m.space_id,
                m.starts_at,
                m.ends_at,
                str(m.display_title) if m.is_published else "",
            )
            for m in meetings
        ]
    else:
        rows = [
            (*row, "") for row in meetings.values_list("pk", "space_id", "starts_at", "ends_at")
        ]
    for pk, space_id, start, end, title in rows:
        busy[space_id].append(Busy(start, end, title, f"kokous-{pk}", "meeting"))
    for items in busy.values():
        items.sort(key=lambda b: (b.starts_at, b.ends_at))
    return busy


def conflicts(space, intervals):
    """The ``(start, end)`` of ``intervals`` that overlap an approved booking or a meeting."""
    if not intervals:
        return []
    first = min(start for start, _ in intervals)
    last = max(end for _, end in intervals)
    busy = busy_times([space.pk], first, last)[space.pk]
    return [
        (start, end)
        for start, end in intervals
        if any(b.starts_at < end and b.ends_at > start for b in busy)
    ]


# --- Free and busy, day by day ------------------------------------------------------------------


@dataclass
class DayRow:
    day: datetime.date
    open_times: list
    busy: list
    free: list
    reason: str

    @property
    def is_open(self):
        return bool(self.open_times)


def _free(periods, busy):
    """The parts of ``periods`` that no ``busy`` interval covers."""
    free = []
    blocks = merged((b.starts_at, b.ends_at) for b in busy)
    for start, end in periods:
        cursor = start
        for busy_start, busy_end in blocks:
            if busy_end <= cursor or busy_start >= end:
                continue
            if busy_start > cursor:
                free.append((cursor, busy_start))
            cursor = max(cursor, busy_end)
        if cursor < end:
            free.append((cursor, end))
    return free


def free_busy(space, first, last):
    """One ``DayRow`` per day from ``first`` to ``last``: open, busy and free times."""
    schedule = schedule_of(space)
    busy = busy_times(
        [space.pk],
        at(first, datetime.time()),
        at(last + datetime.timedelta(days=1), datetime.time()),
        with_titles=True,
    )[space.pk]
    rows = []
    for day in days(first, last):
        start, end = at(day, datetime.time()), at(day + datetime.timedelta(days=1), datetime.time())
        on_day = [b for b in busy if b.starts_at < end and b.ends_at > start]
        periods = schedule.periods_on(day)
        rows.append(
            DayRow(
                day=day,
                open_times=periods,
                busy=on_day,
                free=_free(periods, on_day),
                reason=schedule.reason_on(day),
            )
        )
    return schedule, rows


# --- Use rate ----------------------------------------------------------------------------------


@dataclass
class Rate:
    """Booked hours ÷ bookable hours; ``rate`` is None when nothing was bookable."""

    bookable_hours: float = 0.0
    booked_hours: float = 0.0

    @property
    def rate(self):
        if not self.bookable_hours:
            return None
        return self.booked_hours / self.bookable_hours

    @property
    def percent(self):
        return None if self.rate is None else round(100 * self.rate)

    def __add__(self, other):
        return Rate(
            self.bookable_hours + other.bookable_hours, self.booked_hours + other.booked_hours
        )


def hours_of(space_ids):
    """
    ``{space_id: Schedule}`` of the weekly hours and dated exceptions, in one query (a
    union): what the use rate needs, without the rules' other settings.
    """
    space_ids = list(space_ids)
    weekly = (
        OpeningHours.objects.filter(rules__space_id__in=space_ids)
        .order_by()
        .values_list(
            "rules__space_id",
            "weekday",
            Value(None, output_field=DateField()),
            "opens",
            "closes",
            Value("", output_field=CharField()),
        )
    )
    special = (
        SpecialDay.objects.filter(rules__space_id__in=space_ids)
        .order_by()
        .values_list(
            "rules__space_id",
            Value(None, output_field=IntegerField()),
            "date",
            "opens",
            "closes",
            "reason",
        )
    )
    plans = {pk: Schedule() for pk in space_ids}
    for space_id, weekday, date, opens, closes, reason in weekly.union(special, all=True):
        if date is None:
            plans[space_id].weekly[weekday].append((opens, closes))
        else:
            plans[space_id].special[date] = SpecialDay(
                date=date, opens=opens, closes=closes, reason=reason
            )
    return plans


def _busy_intervals(space_ids, starts_at, ends_at):
    """``(space_id, start, end)`` of approved bookings and meetings, in one query."""
    slots = (
        BookingSlot.objects.approved()
        .filter(space_id__in=list(space_ids), starts_at__lt=ends_at, ends_at__gt=starts_at)
        .order_by()
        .values_list("space_id", "starts_at", "ends_at")
    )
    meetings = (
        _meetings_in(space_ids, starts_at, ends_at)
        .order_by()
        .values_list("space_id", "starts_at", "ends_at")
    )
    return slots.union(meetings, all=True)


@functools.lru_cache(maxsize=256)
def _open_hours(times):
    """Hours between each (opens, closes) wall-clock pair of a day."""
    day = datetime.date(2000, 1, 3)
    return (
        sum(
            (
                datetime.datetime.combine(day, closes) - datetime.datetime.combine(day, opens)
                for opens, closes in times
            ),
            datetime.timedelta(),
        )
        / HOUR
    )


def use_rates_between(space_ids, first_year, last_year, *, plans=None):
    """
    The use rate of each space in each month from ``first_year`` to ``last_year``:
    ``{space_id: {(year, month): Rate}}``.

    The one definition of the rate: the hours within the space's bookable hours (weekly
    hours and dated exceptions) during which it was booked (an approved booking) or held a
    meeting of a committee (published or not, unless cancelled), divided by its bookable
    hours. Overlapping bookings and meetings count once; use outside the bookable hours
    does not count, so the rate is at most 100 %. Future months count what is booked so far.

    On PostgreSQL the database sums it (one query, a row per space and month, whatever the
    number of bookings); elsewhere ``use_rates_in_python`` does, with the same figures
    (tested against each other). ``plans`` only spares the Python path a query.
    """
    if connection.vendor != "postgresql":
        return use_rates_in_python(space_ids, first_year, last_year, plans=plans)
    space_ids = list(space_ids)
    if not space_ids:
        # No space, no rate (and a UNION of nothing is no SQL at all).
        return {}
    first, last = datetime.date(first_year, 1, 1), datetime.date(last_year, 12, 31)
    midnight = datetime.time()
    busy_sql, busy_params = _busy_intervals(
        space_ids, at(first, midnight), at(last + datetime.timedelta(days=1), midnight)
    ).query.sql_with_params()
    # The busy query's positional parameters, named to sit beside the others.
    pieces = busy_sql.split("%s")
    busy_sql = "".join(
        piece + (f"%(b{i})s" if i < len(pieces) - 1 else "") for i, piece in enumerate(pieces)
    )
    rates = {
        pk: {
            (year, month): Rate()
            for year in range(first_year, last_year + 1)
            for month in range(1, 13)
        }
        for pk in space_ids
    }
    with connection.cursor() as cursor:
        cursor.execute(
            _USE_RATE_SQL.format(
                busy=busy_sql,
                rules=BookingRules._meta.db_table,
                weekly=OpeningHours._meta.db_table,
                special=SpecialDay._meta.db_table,
            ),
            {
                **{f"b{i}": value for i, value in enumerate(busy_params)},
                "spaces": space_ids,
                "first": first,
                "last": last,
                "zone": settings.TIME_ZONE,
            },
        )
        for space_id, year, month, bookable, booked in cursor.fetchall():
            rate = rates[space_id][(int(year), int(month))]
            rate.bookable_hours = float(bookable) / 3600
            rate.booked_hours = float(booked) / 3600
    return rates


# The bookable periods of each day (a dated exception replaces the weekday's hours), each
# period's busy part (the union of the approved bookings and meetings that overlap it, cut
# to the period), summed per space and month in seconds. Wall-clock hours for the bookable
# time, as ``_open_hours``; each busy interval joins only the periods of the local days it
# touches, so the work is one pass over the year's periods and bookings.
_USE_RATE_SQL = """
WITH busy AS MATERIALIZED (
    SELECT b.space_id, tstzrange(b.starts_at, b.ends_at) AS span, day::date AS day
    FROM ({busy}) AS b (space_id, starts_at, ends_at),
    generate_series(
        (b.starts_at AT TIME ZONE %(zone)s)::date,
        ((b.ends_at - interval '1 microsecond') AT TIME ZONE %(zone)s)::date,
        interval '1 day'
    ) AS day
),
days AS (
    SELECT day::date AS day FROM generate_series(%(first)s::date, %(last)s::date, '1 day') AS day
),
periods AS (
    SELECT r.space_id, days.day, w.opens, w.closes
    FROM days
    JOIN {weekly} AS w ON w.weekday = extract(isodow FROM days.day) - 1
    JOIN {rules} AS r ON r.id = w.rules_id
    WHERE r.space_id = ANY(%(spaces)s) AND NOT EXISTS (
        SELECT 1 FROM {special} AS s WHERE s.rules_id = r.id AND s.date = days.day
    )
    UNION ALL
    SELECT r.space_id, s.date, s.opens, s.closes
    FROM {special} AS s JOIN {rules} AS r ON r.id = s.rules_id
    WHERE r.space_id = ANY(%(spaces)s) AND s.opens IS NOT NULL
        AND s.date BETWEEN %(first)s AND %(last)s
),
spans AS MATERIALIZED (
    SELECT *, tstzrange(
        (day + opens) AT TIME ZONE %(zone)s, (day + closes) AT TIME ZONE %(zone)s
    ) AS span
    FROM periods
),
taken AS (
    SELECT p.space_id, p.day, range_agg(b.span * p.span) AS parts
    FROM spans AS p JOIN busy AS b
        ON b.space_id = p.space_id AND b.day = p.day AND b.span && p.span
    GROUP BY p.space_id, p.day, p.span
),
seconds AS (
    SELECT space_id, day, extract(epoch FROM closes - opens) AS bookable, 0 AS booked
    FROM periods
    UNION ALL
    SELECT space_id, day, 0, (
        SELECT sum(extract(epoch FROM upper(part) - lower(part))) FROM unnest(parts) AS part
    )
    FROM taken
)
SELECT space_id, extract(year FROM day), extract(month FROM day), sum(bookable), sum(booked)
FROM seconds
GROUP BY 1, 2, 3
"""


def use_rates_in_python(space_ids, first_year, last_year, *, plans=None):
    """
    ``use_rates_between`` computed in Python from every busy interval of the years: the
    reference definition of the rate, used where the database has no ranges (SQLite). Two
    queries (one with ``plans``); its cost grows with the bookings of the years.

    The one definition of the rate: the hours within the space's bookable hours (weekly
    hours and dated exceptions) during which it was booked (an approved booking) or held a
    meeting of a committee (published or not, unless cancelled), divided by its bookable
    hours. Overlapping bookings and meetings count once; use outside the bookable hours
    does not count, so the rate is at most 100 %. Future months count what is booked so far.
    """
    space_ids = list(space_ids)
    first, last = datetime.date(first_year, 1, 1), datetime.date(last_year, 12, 31)
    plans = plans or hours_of(space_ids)
    midnight = datetime.time()
    busy = defaultdict(list)
    for space_id, start, end in _busy_intervals(
        space_ids, at(first, midnight), at(last + datetime.timedelta(days=1), midnight)
    ):
        busy[space_id].append((start, end))
    rates = {}
    for pk in space_ids:
        schedule = plans[pk]
        pieces = by_day(busy.get(pk, []))
        months = {
            (year, month): Rate()
            for year in range(first_year, last_year + 1)
            for month in range(1, 13)
        }
        for day in days(first, last):
            times = schedule.times_on(day)
            if not times:
                continue
            rate = months[(day.year, day.month)]
            # Wall-clock hours, as the periods' own difference is (one zone: no DST shift);
            # the periods themselves are made only on a day something was booked.
            rate.bookable_hours += _open_hours(tuple(times))
            busy_pieces = pieces.get(day)
            if busy_pieces:
                rate.booked_hours += overlap(schedule.periods_on(day), busy_pieces) / HOUR
        rates[pk] = months
    return rates


def use_rates(space_ids, year, *, plans=None):
    """``{space_id: {month: Rate}}`` of ``year`` (see ``use_rates_between``)."""
    rates = use_rates_between(space_ids, year, year, plans=plans)
    return {pk: {m: rate for (_, m), rate in months.items()} for pk, months in rates.items()}


def year_rate(months):
    return sum(months.values(), Rate())


@dataclass
class SpaceRates:
    space: object
    months: dict
    month: Rate
    year: Rate


@dataclass
class AreaRates:
    committee: object
    spaces: list
    month: Rate
    year: Rate


def rates_by_area(spaces, *, today=None):
    """The spaces grouped by committee, each with this month's and this year's rate."""
    today = today or timezone.localdate()
    spaces = list(spaces)
    rates = use_rates([s.pk for s in spaces], today.year)
    areas = {}
    for space in spaces:
        months = rates[space.pk]
        row = SpaceRates(space, months, months[today.month], year_rate(months))
        area = areas.setdefault(space.committee_id, AreaRates(space.committee, [], Rate(), Rate()))
        area.spaces.append(row)
        area.month += row.month
        area.year += row.year
    return list(areas.values())


def month_bounds(year, month):
    return datetime.date(year, month, 1), datetime.date(
        year, month, calendar.monthrange(year, month)[1]
    )
