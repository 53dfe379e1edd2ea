"""A resident asks for a slot: the form's checks, the confirmation link, cancelling."""

import pytest
from django.core import mail

from bookings.models import BookingRequest, SpecialDay
from tests.bookings.factories import (
    approved_booking,
    at,
    bookable_space,
    booking_data,
    in_days,
)
from tests.committees.factories import MeetingFactory
from tests.mail import committing
from tests.support import BOOKING_LINK, html_of, link_in, path_of


@pytest.fixture
def client(client, django_capture_on_commit_callbacks):
    """Each request commits, as in production: the mail its service queued is sent."""
    return committing(client, django_capture_on_commit_callbacks)


pytestmark = pytest.mark.django_db


def book_url(space):
    return f"/tilat/{space.pk}/varaa/"


def test_a_request_is_confirmed_by_the_mailed_link_and_can_be_cancelled(client):
    space = bookable_space()
    response = client.post(book_url(space), booking_data())
    assert response.status_code == 302
    assert "Tarkista sähköpostisi" in html_of(client.get(response.url))
    booking = BookingRequest.objects.get()
    assert booking.status == "unconfirmed"
    (message,) = mail.outbox
    assert message.to == ["veera.varaaja@example.fi"]
    assert in_days(3).strftime("%-d.%-m.%Y") in message.body

    # The link alone confirms nothing (a mail scanner may open it): the button does.
    page = client.get(path_of(link_in(message, BOOKING_LINK)), follow=True)
    assert "Vahvista pyyntö" in html_of(page)
    booking.refresh_from_db()
    assert booking.status == "unconfirmed"
    page = client.post("/tilat/varaus/oma/", follow=True)
    assert "vahvistettu" in html_of(page)
    booking.refresh_from_db()
    assert booking.status == "pending"

    page = client.post("/tilat/varaus/oma/peru/", {"confirm": "on"}, follow=True)
    assert "Varauksesi on peruttu" in html_of(page)
    booking.refresh_from_db()
    assert booking.status == "cancelled" and booking.name == "" and booking.email == ""


def test_a_wrong_link_is_a_clear_404(client):
    response = client.get("/tilat/varaus/not-a-token/")
    assert response.status_code == 404
    assert "Linkki ei ole voimassa" in html_of(response)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"date": in_days(-2).isoformat()}, "on jo mennyt"),
        ({"starts": "06:00", "ends": "08:00"}, "varattavien aikojen ulkopuolella"),
        ({"starts": "10:00", "ends": "16:00"}, "enintään 4 tuntia"),
        ({"date": in_days(90).isoformat()}, "liian kaukana"),
        ({"ends": "16:00"}, "päättyä vasta alkamisen jälkeen"),
        ({"date": "31.2.2027"}, "muodossa 24.3.2027"),
        ({"email": "ei-osoite"}, "nimi@esimerkki.fi"),
        ({"name": ""}, "Kirjoita nimesi"),
        ({"attendees": "0"}, "1–500"),
    ],
)
def test_the_form_explains_what_is_wrong(client, overrides, message):
    space = bookable_space()
    response = client.post(book_url(space), booking_data(**overrides))
    assert response.status_code == 200
    page = html_of(response)
    assert "Pyyntöä ei lähetetty" in page and message in page
    assert not BookingRequest.objects.exists() and not mail.outbox


def test_a_closed_day_and_taken_times_are_named(client):
    space = bookable_space()
    SpecialDay.objects.create(rules=space.booking_rules, date=in_days(10), reason="Huoltopäivä")
    approved_booking(space, in_days(3), "18:00", "20:00")
    MeetingFactory(
        committee=space.committee,
        space=space,
        address="",
        starts_at=at(in_days(17), 17),
        ends_at=at(in_days(17), 18),
    )
    response = client.post(
        book_url(space), booking_data(weekly="on", repeat_until=in_days(24).isoformat())
    )
    page = html_of(response)
    assert "suljettu (Huoltopäivä)" in page
    assert response.status_code == 200
    # Once the closed day is left out of the series, both taken dates are named.
    SpecialDay.objects.all().delete()
    page = html_of(
        client.post(
            book_url(space), booking_data(weekly="on", repeat_until=in_days(24).isoformat())
        )
    )
    assert f"{in_days(3):%-d.%-m.%Y} 17.00–19.00 on jo varattu" in page
    assert f"{in_days(17):%-d.%-m.%Y} 17.00–19.00 on jo varattu" in page
    assert f"{in_days(10):%-d.%-m.%Y} 17.00–19.00 on jo varattu" not in page
    assert BookingRequest.objects.count() == 1  # only the approved one made in the test


def test_a_weekly_request_is_one_request_with_its_dates(client):
    space = bookable_space()
    response = client.post(
        book_url(space), booking_data(weekly="on", repeat_until=in_days(24).isoformat())
    )
    assert response.status_code == 302
    booking = BookingRequest.objects.get()
    assert [s.starts_at.date() for s in booking.slots.all()] == [
        in_days(d) for d in (3, 10, 17, 24)
    ]
    assert mail.outbox[0].body.count("17.00") == 4


def test_a_space_without_rules_cannot_be_booked(client):
    from tests.committees.factories import CommunitySpaceFactory

    space = CommunitySpaceFactory()
    assert client.get(book_url(space)).status_code == 404
    assert "Varaa tila" not in html_of(client.get(space.get_absolute_url()))


def test_the_form_page_in_english(client):
    space = bookable_space()
    page = html_of(client.get(f"/en{book_url(space)}"))
    assert "Expected number of people" in page and "Every week until" in page
