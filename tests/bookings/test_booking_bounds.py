"""
Issue 20, defect 1: no date burns a worker or answers 5xx, and every post of the booking form
counts toward the limit and spends its one-time stamp.
"""

import datetime
import re

import pytest
from django.core import mail

from bookings import forms as booking_forms
from bookings.forms import BookingForm
from bookings.models import BookingRequest
from bookings.rules import MOST_DATES, weekly_dates
from tests.bookings.factories import bookable_space, booking_data, in_days
from tests.bookings.test_booking_requests import book_url
from tests.support import html_of

pytestmark = pytest.mark.django_db


def stamp_on(response):
    return re.search(r'name="rendered_at" value="([^"]+)"', response.content.decode()).group(1)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"weekly": "on", "date": "2027-01-11", "repeat_until": "9999-12-31"}, "enintään 53"),
        ({"weekly": "on", "date": "2027-01-11", "repeat_until": "9999-12-20"}, "enintään 53"),
        ({"weekly": "on", "repeat_until": "0001-01-01"}, "jälkeen"),
        ({"date": "9999-12-31"}, "liian kaukana"),
        ({"date": "9999-12-24", "weekly": "on", "repeat_until": "9999-12-31"}, "liian kaukana"),
        ({"date": "0001-01-01"}, "on jo mennyt"),
        ({"date": "0001-01-01", "weekly": "on", "repeat_until": "0001-12-31"}, "on jo mennyt"),
        ({"date": "0000-00-00"}, "muodossa 24.3.2027"),
        ({"date": "10000-01-01"}, "muodossa 24.3.2027"),
        ({"date": "2027-01-11\x00"}, "muodossa 24.3.2027"),
        ({"weekly": "on", "repeat_until": "ei päivä"}, "muodossa 24.3.2027"),
    ],
)
def test_no_date_is_a_server_error(client, overrides, message):
    space = bookable_space()
    response = client.post(book_url(space), booking_data(**overrides))
    assert response.status_code == 200
    page = html_of(response)
    assert "Pyyntöä ei lähetetty" in page and message in page
    assert not BookingRequest.objects.exists() and not mail.outbox


def test_a_series_is_never_built_past_the_cap():
    first = datetime.date(2027, 1, 11)
    dates = weekly_dates(first, datetime.date(9999, 12, 20))
    assert len(dates) == MOST_DATES + 1
    assert weekly_dates(first, first + datetime.timedelta(weeks=3)) == [
        first + datetime.timedelta(weeks=n) for n in range(4)
    ]


def test_the_bounds_are_checked_before_any_date_is_built(client, monkeypatch):
    built = []
    monkeypatch.setattr(
        booking_forms, "weekly_dates", lambda *args: built.append(args) or [args[0]]
    )
    space = bookable_space()
    post = booking_data(weekly="on", date=in_days(3).isoformat(), repeat_until="9999-12-20")
    assert "enintään 53" in html_of(client.post(book_url(space), post))
    assert built == []


def test_a_too_long_series_is_refused_by_the_service_too():
    from django.core.exceptions import ValidationError

    from bookings.services import booking_request_create

    space = bookable_space()
    with pytest.raises(ValidationError, match="enintään 53"):
        booking_request_create(
            space=space,
            date=in_days(3),
            starts=datetime.time(17),
            ends=datetime.time(19),
            repeat_until=datetime.date(9999, 12, 31),
            purpose="x",
            name="x",
            email="x@example.fi",
        )


def test_invalid_posts_count_toward_the_limit(client):
    space = bookable_space()
    for _ in range(BookingForm.limit.count):
        response = client.post(book_url(space), booking_data(date="9999-12-31"))
        assert response.status_code == 200
    response = client.post(book_url(space), booking_data())
    assert response.status_code == 429
    assert "liian monta lomaketta" in html_of(response)
    assert not BookingRequest.objects.exists()


def test_a_stamp_is_spent_by_an_invalid_post_too(client):
    space = bookable_space()
    post = booking_data(name="")
    refused = client.post(book_url(space), post)
    assert refused.status_code == 200 and "Kirjoita nimesi" in html_of(refused)
    # The answers come back with a fresh stamp, to be sent again once corrected.
    assert stamp_on(refused) != post["rendered_at"]

    replay = client.post(book_url(space), {**post, "name": "Veera Varaaja"})
    assert replay.status_code == 409
    assert "Lomake on jo lähetetty kerran" in html_of(replay)
    assert not BookingRequest.objects.exists() and not mail.outbox
