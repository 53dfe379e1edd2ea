"""Staff decide in the admin; the public sees free/busy, the use rate and no personal data."""

import datetime
import json

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from bookings.models import BookingRequest, BookingSlot
from bookings.selectors import use_rates
from tests.bookings.factories import (
    approved_booking,
    at,
    bookable_space,
    in_days,
    pending_booking,
)
from tests.committees.factories import MeetingFactory
from tests.mail import committing
from tests.support import QUERY_BUDGETS, html_of, run_concurrently


@pytest.fixture
def client(client, django_capture_on_commit_callbacks):
    """Each request commits, as in production: the mail its service queued is sent."""
    return committing(client, django_capture_on_commit_callbacks)


pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/bookings/bookingrequest/"


def decide(client, action, bookings, message="Avain on vahtimestarilla."):
    return client.post(
        CHANGELIST,
        {
            "action": action,
            "_selected_action": [b.pk for b in bookings],
            "apply": "1",
            "message": message,
        },
        follow=True,
    )


def test_a_clerk_approves_with_a_message_that_is_mailed(clerk_client):
    space = bookable_space()
    booking = pending_booking(space, in_days(5), "10:00", "12:00")
    page = clerk_client.post(CHANGELIST, {"action": "approve", "_selected_action": [booking.pk]})
    assert "Viesti varaajalle" in html_of(page)  # the message is asked first
    page = decide(clerk_client, "approve", [booking])
    assert "1 pyyntöä hyväksytty" in html_of(page)
    booking.refresh_from_db()
    assert booking.status == "approved" and booking.slots.get().is_approved
    (message,) = mail.outbox
    assert message.to == ["salli@example.fi"]
    assert "hyväksytty" in message.subject and "Avain on vahtimestarilla." in message.body


def test_a_clerk_declines_with_a_message(clerk_client):
    booking = pending_booking(bookable_space(), in_days(5), "10:00", "12:00")
    decide(clerk_client, "decline", [booking], message="Tila on remontissa.")
    booking.refresh_from_db()
    assert booking.status == "declined"
    assert "Tila on remontissa." in mail.outbox[0].body and "hylättiin" in mail.outbox[0].subject


def test_an_overlapping_approval_is_refused_with_a_clear_message(clerk_client):
    space = bookable_space()
    first = pending_booking(space, in_days(5), "10:00", "12:00")
    second = pending_booking(space, in_days(5), "11:00", "13:00")
    decide(clerk_client, "approve", [first])
    page = html_of(decide(clerk_client, "approve", [second]))
    assert f"Pyyntöä {second.pk} ei hyväksytty" in page and "on jo varattu" in page
    second.refresh_from_db()
    assert second.status == "pending"
    assert BookingSlot.objects.approved().count() == 1


def test_meetings_and_approved_bookings_are_busy_without_names(client):
    space = bookable_space()
    day = in_days(2)
    approved_booking(space, day, "09:00", "10:00")
    approved_booking(space, day, "13:00", "14:00", public_title="Kyläkahvila")
    MeetingFactory(
        committee=space.committee,
        space=space,
        address="",
        title="Aluetoimikunnan kokous",
        starts_at=at(day, 17),
        ends_at=at(day, 19),
    )
    page = html_of(client.get(f"{space.get_absolute_url()}?viikko={day}"))
    assert "9.00–10.00 varattu" in page
    assert "13.00–14.00 Kyläkahvila" in page
    assert "17.00–19.00 Aluetoimikunnan kokous" in page
    assert "10.00–13.00" in page  # free between
    for secret in ("Salli Salainen", "salli@example.fi", "Salainen tarkoitus"):
        assert secret not in page
        assert secret not in client.get(f"/tilat/{space.pk}/varattu.ics").getvalue().decode()
        assert secret not in client.get("/avoin-data/tilojen-kayttoaste.json").getvalue().decode()
    calendar = client.get(f"/tilat/{space.pk}/varattu.ics")
    assert calendar["Content-Type"].startswith("text/calendar")
    body = calendar.getvalue().decode()
    assert body.count("BEGIN:VEVENT") == 3 and "SUMMARY:Kyläkahvila" in body
    assert "UID:tag:aluetoimikunnat.kouvola.fi" in body
    again = client.get(f"/tilat/{space.pk}/varattu.ics", HTTP_IF_NONE_MATCH=calendar["ETag"])
    assert again.status_code == 304


def test_the_month_view_and_bad_periods_never_fail(client):
    space = bookable_space()
    month = in_days(0).strftime("%Y-%m")
    page = html_of(client.get(f"{space.get_absolute_url()}?kuukausi={month}"))
    assert "Näytä viikko" in page
    for query in ("viikko=2026-13-45", "kuukausi=x", "viikko=1900-01-01", "kuukausi=9999-12"):
        assert client.get(f"{space.get_absolute_url()}?{query}").status_code == 200


def test_use_rate_counts_meetings_and_bookings_once_within_the_bookable_hours():
    space = bookable_space(opens="10:00", closes="20:00")  # 10 hours a day
    day = datetime.date(2030, 3, 5)
    # An approved booking 10–12 and a meeting 11–13 overlap: 3 hours; a meeting 20–22 is
    # outside the bookable hours and does not count.
    approved = BookingSlot.objects.create(
        request=BookingRequest.objects.create(space=space, attendees=3, status="approved"),
        space=space,
        starts_at=at(day, 10),
        ends_at=at(day, 12),
        is_approved=True,
    )
    assert approved.hours == 2
    for start, end in ((11, 13), (20, 22)):
        MeetingFactory(
            committee=space.committee,
            space=space,
            address="",
            starts_at=at(day, start),
            ends_at=at(day, end),
        )
    MeetingFactory(
        committee=space.committee,
        space=space,
        address="",
        is_cancelled=True,
        starts_at=at(day, 14),
        ends_at=at(day, 16),
    )
    march = use_rates([space.pk], 2030)[space.pk][3]
    assert march.bookable_hours == 31 * 10
    assert march.booked_hours == 3
    assert march.percent == 1  # 3 / 310


def test_use_rate_on_the_pages_and_in_open_data(client):
    space = bookable_space(opens="00:00", closes="23:00")
    today = timezone.localdate()
    MeetingFactory(
        committee=space.committee,
        space=space,
        address="",
        starts_at=at(today, 10),
        ends_at=at(today, 12),
    )
    page = html_of(client.get(space.get_absolute_url()))
    days_in_year = 366 if today.year % 4 == 0 else 365
    assert f"<td>{days_in_year * 23}</td> <td>2</td>" in page
    listing = html_of(client.get("/tilat/"))
    assert "Tilojen käyttöaste" in listing and space.name in listing
    rows = json.loads(client.get("/avoin-data/tilojen-kayttoaste.json").getvalue())["records"]
    (row,) = [r for r in rows if r["year"] == today.year and r["month"] == today.month]
    assert row["booked_minutes"] == 120 and row["space_id"] == space.pk


def test_unconfirmed_requests_expire_and_old_personal_data_is_purged(settings):
    space = bookable_space()
    old = pending_booking(space, in_days(2), "10:00", "11:00")
    BookingRequest.objects.filter(pk=old.pk).update(status="unconfirmed")
    BookingRequest.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=49)
    )
    done = approved_booking(space, in_days(3), "10:00", "11:00")
    BookingSlot.objects.filter(request=done).update(
        starts_at=timezone.now() - datetime.timedelta(days=400, hours=1),
        ends_at=timezone.now() - datetime.timedelta(days=400),
    )
    call_command("purge_personal_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not BookingRequest.objects.filter(pk=old.pk).exists()
    done.refresh_from_db()
    assert done.name == "" and done.email == "" and done.personal_data_removed_at
    assert done.slots.get().is_approved  # the use rate keeps its hours


@pytest.mark.parametrize("count", [1, 20])
def test_public_space_pages_keep_their_query_budget(client, django_assert_max_num_queries, count):
    space = bookable_space()
    for index in range(count):
        approved_booking(space, in_days(1 + index), "10:00", "11:00", public_title="Kerho")
        MeetingFactory(
            committee=space.committee,
            space=space,
            address="",
            starts_at=at(in_days(1 + index), 18),
            ends_at=at(in_days(1 + index), 19),
        )
    bookable_space(committee=space.committee)
    with django_assert_max_num_queries(QUERY_BUDGETS["space"]):
        assert client.get(space.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(QUERY_BUDGETS["space"]):
        assert client.get(f"{space.get_absolute_url()}?kuukausi=2030-01").status_code == 200
    with django_assert_max_num_queries(QUERY_BUDGETS["space_list"]):
        assert client.get("/tilat/").status_code == 200


# --- PostgreSQL: the database itself refuses a double booking ------------------------------------


@pytest.mark.postgresql
def test_the_exclusion_constraint_refuses_overlapping_approved_slots():
    space = bookable_space()
    first = pending_booking(space, in_days(5), "10:00", "12:00")
    second = pending_booking(space, in_days(5), "11:00", "13:00")
    BookingSlot.objects.filter(request=first).update(is_approved=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        # Past the service's check: the database still says no.
        BookingSlot.objects.filter(request=second).update(is_approved=True)
    assert connection.vendor == "postgresql"


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_of_overlapping_requests_keep_exactly_one():
    from django.test import Client

    from tests.factories import clerk, sign_in_staff

    space = bookable_space()
    requests = [
        pending_booking(space, in_days(5), "10:00", "12:00"),
        pending_booking(space, in_days(5), "11:00", "13:00"),
        pending_booking(space, in_days(5), "11:30", "12:30"),
    ]
    users = [clerk(username=f"virkailija{n}") for n in range(len(requests))]

    def approve(user, booking):
        client = Client()
        sign_in_staff(client, user)
        return html_of(decide(client, "approve", [booking]))

    pages = run_concurrently(approve, zip(users, requests, strict=True))
    assert BookingSlot.objects.approved().count() == 1
    assert BookingRequest.objects.filter(status="approved").count() == 1
    assert sum("1 pyyntöä hyväksytty" in page for page in pages) == 1
    assert sum("ei hyväksytty" in page for page in pages) == 2


def test_the_demo_spaces_get_bookable_hours_and_approved_bookings(city_facts, client):
    from bookings.seed import seed_demo
    from committees.seed_meetings import seed_demo_meetings

    seed_demo_meetings()
    counts = seed_demo()
    assert counts["demo booking rules"] == 5 and counts["demo bookings"] >= 5
    assert seed_demo() == {"demo booking rules": 0, "demo bookings": 0}
    assert BookingSlot.objects.approved().exists()
    assert not BookingRequest.objects.exclude(status="approved").exists()
    page = html_of(client.get("/tietosuoja/"))
    assert "Yhteisötilojen varaukset" in page


def test_staff_edit_bookable_hours_and_opening_a_request_is_audited(clerk_client):
    from django.test import Client

    from kouvola_alue.audit.models import AuditEntry

    space = bookable_space()
    rules = space.booking_rules
    for url in (
        "/admin/bookings/bookingrules/",
        "/admin/bookings/bookingrules/add/",
        f"/admin/bookings/bookingrules/{rules.pk}/change/",
    ):
        assert clerk_client.get(url).status_code == 200
    booking = pending_booking(space, in_days(5), "10:00", "12:00")
    page = html_of(clerk_client.get(f"{CHANGELIST}{booking.pk}/change/"))
    assert "Salli Salainen" in page
    assert AuditEntry.objects.filter(action="view", object_ids=str(booking.pk)).exists()
    # Nobody outside the staff sees it.
    assert Client().get(f"{CHANGELIST}{booking.pk}/change/").status_code == 302
