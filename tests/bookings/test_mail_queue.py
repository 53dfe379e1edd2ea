"""The requester's mails go through the database task queue, which holds only ids."""

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from bookings.models import BookingRequest
from kouvola_alue.mailqueue.models import Mail
from tests.bookings.factories import bookable_space, booking_data
from tests.mail import committing, run_worker


@pytest.fixture
def client(client, django_capture_on_commit_callbacks):
    """Each request commits, as in production: the mail its service queued is sent."""
    return committing(client, django_capture_on_commit_callbacks)


@pytest.mark.django_db(transaction=True)
def test_the_confirmation_mail_is_queued_by_id_and_sent_by_the_worker(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    space = bookable_space()
    assert client.post(f"/tilat/{space.pk}/varaa/", booking_data()).status_code == 302
    booking = BookingRequest.objects.get()
    (queued,) = DBTaskResult.objects.all()
    recorded = Mail.objects.get(pk=queued.args_kwargs["kwargs"]["mail_id"])
    assert (recorded.kind, recorded.object_id) == ("booking-received", booking.pk)
    stored = f"{queued.args_kwargs} {recorded.params}".lower()
    assert "veera" not in stored and "varaus/" not in stored and "kyläyhdistyksen" not in stored
    assert not mail.outbox
    run_worker()
    (message,) = mail.outbox
    assert message.to == ["veera.varaaja@example.fi"] and "/tilat/varaus/" in message.body
