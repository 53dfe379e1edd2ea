"""
The use rate summed by PostgreSQL gives the figures of the reference computation in Python
(``use_rates_in_python``), on data with every case the definition names.
"""

import datetime
import random

import pytest

from bookings.models import BookingRequest, BookingRules, BookingSlot, OpeningHours, SpecialDay
from bookings.selectors import use_rates_between, use_rates_in_python
from tests.bookings.factories import at, bookable_space
from tests.committees.factories import CommunitySpaceFactory, MeetingFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgresql]


def slot(space, start, end, *, approved=True):
    BookingSlot.objects.create(
        request=BookingRequest.objects.create(
            space=space, attendees=3, status="approved" if approved else "pending"
        ),
        space=space,
        starts_at=start,
        ends_at=end,
        is_approved=approved,
    )


def meeting(space, start, end, **fields):
    MeetingFactory(
        committee=space.committee, space=space, address="", starts_at=start, ends_at=end, **fields
    )


def varied_spaces():
    """Three spaces: plain hours, split hours with exceptions, and no bookable hours."""
    plain = bookable_space(opens="08:00", closes="22:00")
    split = CommunitySpaceFactory()
    rules = BookingRules.objects.create(space=split)
    for weekday in (0, 2, 4, 5):  # closed on Tuesdays, Thursdays and Sundays
        for opens, closes in (("09:00", "12:00"), ("17:30", "21:15")):
            OpeningHours.objects.create(
                rules=rules,
                weekday=weekday,
                opens=datetime.time.fromisoformat(opens),
                closes=datetime.time.fromisoformat(closes),
            )
    SpecialDay.objects.create(rules=rules, date=datetime.date(2029, 12, 24), reason="Aatto")
    SpecialDay.objects.create(
        rules=rules,
        date=datetime.date(2030, 3, 7),  # a Thursday, otherwise closed
        opens=datetime.time(10),
        closes=datetime.time(14, 45),
    )
    SpecialDay.objects.create(
        rules=rules,
        date=datetime.date(2030, 3, 8),  # a Friday with shorter hours
        opens=datetime.time(18),
        closes=datetime.time(19),
    )
    unplanned = CommunitySpaceFactory()
    return plain, split, unplanned


def test_the_database_and_python_give_the_same_rates_on_varied_data():
    plain, split, unplanned = varied_spaces()
    day = datetime.date(2030, 3, 7)
    # Overlaps counted once, a cancelled meeting and a pending slot not at all.
    slot(plain, at(day, 10), at(day, 12))
    meeting(plain, at(day, 11), at(day, 13))
    meeting(plain, at(day, 11, 30), at(day, 12, 30))
    meeting(plain, at(day, 14), at(day, 16), is_cancelled=True)
    slot(plain, at(day, 16), at(day, 18), approved=False)
    # Across midnight and across the years' boundary: only the bookable parts count.
    slot(plain, at(datetime.date(2029, 12, 31), 21), at(datetime.date(2030, 1, 1), 9))
    meeting(split, at(day, 8), at(day + datetime.timedelta(days=1), 18, 30))
    meeting(split, at(datetime.date(2029, 12, 24), 10), at(datetime.date(2029, 12, 24), 11))
    meeting(unplanned, at(day, 10), at(day, 12))
    # Many random bookings and meetings over both years, overlapping each other at times.
    rng = random.Random(16)
    for _ in range(120):
        space = rng.choice((plain, split, unplanned))
        start = at(
            datetime.date(2029, 1, 1) + datetime.timedelta(days=rng.randrange(730)),
            rng.randrange(6, 23),
            rng.choice((0, 15, 30, 45)),
        )
        meeting(space, start, start + datetime.timedelta(minutes=rng.randrange(15, 600, 15)))
    ids = [plain.pk, split.pk, unplanned.pk]

    in_database = use_rates_between(ids, 2029, 2030)
    in_python = use_rates_in_python(ids, 2029, 2030)

    assert in_database.keys() == in_python.keys()
    for pk in ids:
        assert in_database[pk].keys() == in_python[pk].keys()
        for month, rate in in_python[pk].items():
            got = in_database[pk][month]
            assert got.bookable_hours == pytest.approx(rate.bookable_hours), (pk, month)
            assert got.booked_hours == pytest.approx(rate.booked_hours), (pk, month)
            assert got.percent == rate.percent, (pk, month)
    march = in_database[plain.pk][(2030, 3)]
    assert march.booked_hours >= 3  # the overlapping 10–13 at least
    assert in_database[unplanned.pk][(2030, 3)].rate is None
    assert in_database[split.pk][(2029, 12)].booked_hours > 0
    assert sum(r.booked_hours for r in in_database[split.pk].values()) > 10


def test_the_database_reads_the_rates_in_one_query(django_assert_num_queries):
    plain, split, unplanned = varied_spaces()
    meeting(plain, at(datetime.date(2030, 3, 7), 10), at(datetime.date(2030, 3, 7), 12))
    with django_assert_num_queries(1):
        rates = use_rates_between([plain.pk, split.pk, unplanned.pk], 2030, 2030)
    assert rates[plain.pk][(2030, 3)].booked_hours == 2
