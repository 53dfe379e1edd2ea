"""
The applicant's mail leaves the request through the task queue: the real database backend,
the real worker loop and Django's real SMTP backend, against a mail server that accepts and
never answers and then one that does (an aiosmtpd sink on loopback).
"""

import datetime
import logging
import socket
import threading

import pytest
from aiosmtpd.controller import Controller
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kouvola_alue.limits.models import Counter
from kouvola_alue.mailqueue import RETRY_DELAYS
from kouvola_alue.mailqueue.models import Mail
from recruitment.models import Application
from tests.mail import committing, run_worker
from tests.recruitment.factories import application_data
from tests.support import free_port


def sends():
    """The mail task's runs in the queue (not the checks for half-sent mail queued with them)."""
    return DBTaskResult.objects.filter(task_path__endswith=".send_mail")


@pytest.fixture
def client(client, django_capture_on_commit_callbacks):
    """Each request commits, as in production: the mail its service queued is sent."""
    return committing(client, django_capture_on_commit_callbacks)


PERSONAL = ("maija", "meikäläinen", "meikalainen", "040 123", "myllykoski", "kyläyhdistyksen")


def apply_url(campaign):
    return reverse("recruitment:apply", kwargs={"slug": campaign.slug})


@pytest.fixture
def silent_mail_server():
    """A mail server that accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.1)
    accepted, stop = [], threading.Event()

    def serve():
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1], accepted
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    server.close()


class Sink:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"


@pytest.fixture
def mail_sink():
    """A mail server that takes every message: (port, the envelopes it received)."""
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller.port, sink.envelopes
    controller.stop()


@pytest.fixture
def queue(settings):
    """Production's queue and mail: the database backend, the SMTP backend on loopback."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    # Short, so the test is quick; what is asserted is the outcome, never a duration.
    settings.EMAIL_TIMEOUT = 1
    return settings


@pytest.mark.django_db(transaction=True)
def test_a_silent_mail_server_neither_holds_up_nor_loses_the_application(
    client, campaign, committees, queue, silent_mail_server, mail_sink, time_machine, caplog
):
    silent_port, connections = silent_mail_server
    queue.EMAIL_PORT = silent_port
    caplog.set_level(logging.DEBUG)

    response = client.post(apply_url(campaign), application_data(committees[1]), follow=True)

    # The applicant has the thank-you page, and the mail waits in the queue.
    assert response.redirect_chain[-1][0].endswith("/kiitos/")
    assert "Kiitos hakemuksestasi" in response.content.decode()
    application = Application.objects.get()
    (queued,) = DBTaskResult.objects.all()
    assert queued.status == "READY"
    recorded = Mail.objects.get(pk=queued.args_kwargs["kwargs"]["mail_id"])
    assert (recorded.kind, recorded.object_id) == ("application-received", application.pk)
    # The queue holds ids, not the applicant's data or link.
    stored = f"{queued.args_kwargs} {recorded.params}".lower()
    assert "maija" not in stored and "hakemus/" not in stored

    # The worker meets the silent server: the attempt times out, and is put back for later.
    run_worker()
    assert connections, "the worker did not reach the mail server"
    queued.refresh_from_db()
    assert (queued.status, queued.return_value) == ("SUCCESSFUL", "retrying")
    # The retry, beside the check that takes back a mail a stopped worker left half-sent.
    (retry,) = sends().filter(status="READY")
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert retry.run_after > timezone.now()
    assert f"Could not send the confirmation of application {application.pk} (attempt 1)" in (
        caplog.text
    )
    run_worker()  # not due yet: nothing happens
    assert DBTaskResult.objects.get(pk=retry.pk).status == "READY"

    # The server answers again; once the retry is due, the mail goes out.
    queue.EMAIL_PORT = mail_sink[0]
    time_machine.move_to(timezone.now() + datetime.timedelta(seconds=RETRY_DELAYS[0] + 1))
    run_worker()

    retry.refresh_from_db()
    assert (retry.status, retry.return_value) == ("SUCCESSFUL", "sent")
    (envelope,) = mail_sink[1]
    assert envelope.rcpt_tos == ["maija.meikalainen@example.fi"]
    body = envelope.content.decode()
    assert "Valkealan aluetoimikunta" in body
    assert "http://testserver/jasenhaku/hakemus/" in body

    # Nothing personal and no private link in any log line of all this (the sink's own
    # log, "mail.log", is the test mail server's, not the portal's).
    portal_log = "\n".join(r.getMessage() for r in caplog.records if r.name != "mail.log")
    assert "Could not send" in portal_log
    for personal in (*PERSONAL, "example.fi", "/jasenhaku/hakemus/"):
        assert personal not in portal_log.lower()


@pytest.mark.django_db(transaction=True)
def test_a_mail_that_never_goes_is_given_up_after_the_last_retry(
    client, campaign, committees, queue, time_machine, caplog
):
    queue.EMAIL_PORT = free_port()  # nothing listens: connection refused
    client.post(apply_url(campaign), application_data(committees[0]))
    for _ in range(len(RETRY_DELAYS) + 1):
        run_worker()
        time_machine.move_to(timezone.now() + datetime.timedelta(seconds=max(RETRY_DELAYS) + 1))

    results = list(sends().order_by("enqueued_at").values_list("return_value", flat=True))
    assert results == ["retrying"] * len(RETRY_DELAYS) + ["failed"]
    assert "giving up" in caplog.text
    assert Application.objects.count() == 1


def test_an_address_gets_one_already_applied_mail_a_day(
    client, campaign, committees, mailoutbox, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    for _ in range(4):
        client.post(apply_url(campaign), application_data(committees[0]))
    assert [m.subject.split(" –")[0] for m in mailoutbox] == [
        "Hakemuksesi on vastaanotettu",
        "Olet jo hakenut",
    ]
    # The count is kept under a keyed hash, not under the address.
    assert not Counter.objects.filter(key__icontains="maija").exists()

    time_machine.shift(datetime.timedelta(days=1))
    client.post(apply_url(campaign), application_data(committees[0]))
    assert len(mailoutbox) == 3
    assert Application.objects.count() == 1
