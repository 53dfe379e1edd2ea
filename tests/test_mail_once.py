"""
One mail task (``kouvola_alue.mailqueue.outbox``): the services queue every mail on commit, the
queue holds the id of a ``Mail`` row, and a mail is recorded once and claimed before it goes,
so a task that runs twice never mails twice. A new kind of mail is one declaration.
"""

import pytest
from django.core import mail as outbox_of_django
from django.core.mail import EmailMessage

from bookings.models import BookingRequest
from bookings.services import booking_approve, booking_decline
from committees.models import Person
from following.staff_todo import mails_failed
from kouvola_alue.addresses import normalize_email
from kouvola_alue.mailqueue import FAILED, SENT
from kouvola_alue.mailqueue import outbox as outbox_module
from kouvola_alue.mailqueue.models import Mail
from kouvola_alue.mailqueue.outbox import MailKind, mail_queue, send_mail
from recruitment.models import Application
from tests.bookings.factories import bookable_space, booking_data, in_days, pending_booking
from tests.mail import committing
from tests.recruitment.factories import application_data, open_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client, django_capture_on_commit_callbacks):
    return committing(client, django_capture_on_commit_callbacks)


def run_again(kind, object_id):
    """The same task handed out again (a restarted worker, a queue that delivers twice)."""
    recorded = Mail.objects.get(kind=kind, object_id=object_id)
    return send_mail.enqueue(mail_id=recorded.pk).return_value


def test_a_booking_request_mail_run_twice_goes_once(client, mailoutbox):
    space = bookable_space()
    assert client.post(f"/tilat/{space.pk}/varaa/", booking_data()).status_code == 302
    booking = BookingRequest.objects.get()
    assert len(mailoutbox) == 1

    assert run_again("booking-received", booking.pk) == "skipped"
    assert len(mailoutbox) == 1
    assert Mail.objects.get(kind="booking-received").state == Mail.State.SENT


def test_the_staffs_decisions_are_mailed_by_the_service_once(
    mailoutbox, django_capture_on_commit_callbacks
):
    space = bookable_space()
    with django_capture_on_commit_callbacks(execute=True):
        booking = pending_booking(space, in_days(3), "10:00", "11:00")
    mailoutbox.clear()
    # No view, no admin: the service alone queues the mail, and it goes when it commits.
    with django_capture_on_commit_callbacks(execute=True):
        booking_approve(booking=booking, message="Tervetuloa", site_url="http://testserver/")
    assert len(mailoutbox) == 1 and "http://testserver/tilat/" in mailoutbox[0].body
    assert run_again("booking-approved", booking.pk) == "skipped"
    with django_capture_on_commit_callbacks(execute=True):
        booking_decline(booking=booking, message="Sittenkin ei", site_url="http://testserver/")
    assert [m.to for m in mailoutbox] == [["salli@example.fi"]] * 2
    assert run_again("booking-declined", booking.pk) == "skipped"
    assert len(mailoutbox) == 2


def test_an_application_confirmation_run_twice_goes_once(client, mailoutbox, committee):
    campaign = open_campaign(committee)
    client.post(f"/jasenhaku/{campaign.slug}/hae/", application_data(committee))
    application = Application.objects.get()
    assert len(mailoutbox) == 1
    assert run_again("application-received", application.pk) == "skipped"
    assert len(mailoutbox) == 1


def test_a_mail_queued_twice_is_recorded_and_queued_once(django_capture_on_commit_callbacks):
    space = bookable_space()
    booking = pending_booking(space, in_days(3), "10:00", "11:00")
    with django_capture_on_commit_callbacks() as queued:
        first = mail_queue(kind="booking-approved", object_id=booking.pk, site_url="")
        again = mail_queue(kind="booking-approved", object_id=booking.pk, site_url="")
    assert first.pk == again.pk and len(queued) == 1


def test_addresses_are_stored_in_one_spelling(client, committee):
    assert normalize_email("  Maija.Meikalainen@Example.FI ") == "maija.meikalainen@example.fi"
    space = bookable_space()
    client.post(f"/tilat/{space.pk}/varaa/", booking_data(email=" Veera@Example.FI"))
    assert BookingRequest.objects.get().email == "veera@example.fi"
    campaign = open_campaign(committee)
    client.post(
        f"/jasenhaku/{campaign.slug}/hae/", application_data(committee, email="MAIJA@example.fi")
    )
    assert Application.objects.get().email == "maija@example.fi"
    # A member's address, as staff type it in the admin.
    person = Person(first_name="Matti", last_name="Jäsen", email="Matti.Jasen@Example.FI")
    person.full_clean()
    assert person.email == "matti.jasen@example.fi"


@pytest.fixture
def throwaway_kind():
    """A new kind of mail, as a new feature would declare it: nothing else."""
    told = []
    outbox_module.register(
        MailKind(
            kind="throwaway-greeting",
            build=lambda mail: EmailMessage(
                "Hei", f"Tervehdys {mail.params['number']}", to=["tervehdys@example.fi"]
            ),
            what="the greeting {object_id}",
            sent=lambda mail, result: told.append(result),
        )
    )
    yield told
    outbox_module.unregister("throwaway-greeting")


def test_a_declared_kind_is_sent_once_and_its_failure_shown_to_staff(
    throwaway_kind, settings, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        mail_queue(kind="throwaway-greeting", object_id=7, number=7)
    assert [m.body for m in mailoutbox] == ["Tervehdys 7"]
    assert run_again("throwaway-greeting", 7) == "skipped"
    assert len(mailoutbox) == 1 and throwaway_kind == [SENT]

    # The server refuses the next one: it is marked failed, and staff see it on the to-do list.
    settings.EMAIL_BACKEND = "tests.mail.RefusingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        mail_queue(kind="throwaway-greeting", object_id=8, number=8)
    failed = Mail.objects.get(object_id=8)
    assert (failed.state, failed.attempts) == (Mail.State.FAILED, 1)
    assert throwaway_kind == [SENT, FAILED]
    (point,) = mails_failed(failed.created_at)
    assert point.text == "Sähköpostia throwaway-greeting kohteesta numero 8 ei saatu lähetettyä."
    assert "tervehdys@" not in point.text
    assert len(outbox_of_django.outbox) == 1


def test_a_mail_a_stopped_worker_left_half_sent_is_taken_back_and_goes_once(mailoutbox):
    # The worker took the mail (sending) and stopped before it went: after CLAIM_TIMEOUT the
    # reclaim gives it back and sends it as its next attempt; a mail out of attempts fails.
    from datetime import timedelta

    from django.utils import timezone

    from kouvola_alue.mailqueue import CLAIM_TIMEOUT, RETRY_DELAYS
    from kouvola_alue.mailqueue.outbox import mails_reclaim

    outbox_module.register(
        MailKind(
            kind="test-reclaimed",
            build=lambda mail: EmailMessage("Aihe", "Teksti", to=["a@example.com"]),
            what="the test mail {object_id}",
        )
    )
    try:
        taken = timezone.now() - CLAIM_TIMEOUT - timedelta(minutes=1)
        left = Mail.objects.create(
            kind="test-reclaimed",
            object_id=1,
            state=Mail.State.SENDING,
            claimed_at=taken,
            attempts=1,
        )
        spent = Mail.objects.create(
            kind="test-reclaimed",
            object_id=2,
            state=Mail.State.SENDING,
            claimed_at=taken,
            attempts=len(RETRY_DELAYS) + 1,
        )
        recent = Mail.objects.create(
            kind="test-reclaimed",
            object_id=3,
            state=Mail.State.SENDING,
            claimed_at=timezone.now(),
            attempts=1,
        )
        assert mails_reclaim() == 2
        assert len(mailoutbox) == 1
        left.refresh_from_db(), spent.refresh_from_db(), recent.refresh_from_db()
        assert (left.state, left.attempts) == (Mail.State.SENT, 2)
        assert spent.state == Mail.State.FAILED
        assert recent.state == Mail.State.SENDING  # still in a worker's hands
        assert mails_reclaim() == 0 and len(mailoutbox) == 1
    finally:
        outbox_module.unregister("test-reclaimed")
