"""Mail backends that fail the way real servers do, and the worker, for tests of the mail queue."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend
from django_tasks_db.management.commands.db_worker import Worker


class RefusingBackend(BaseEmailBackend):
    """The server refuses the recipient; smtplib's error names the address, as it really does."""

    def send_messages(self, email_messages):
        recipient = email_messages[0].to[0]
        raise smtplib.SMTPRecipientsRefused({recipient: (550, b"5.1.1 User unknown")})


class DownBackend(BaseEmailBackend):
    """Nothing listens where the server should be."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


class BrokenBackend(BaseEmailBackend):
    """The message cannot be sent as it is: an error that is no network error."""

    def send_messages(self, email_messages):
        raise ValueError("Header values can't contain newlines")


def run_worker():
    """What `manage.py db_worker --batch` runs: every task that is due, then stop."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


def committing(client, capture):
    """
    ``client`` whose each request ends as it does in production, where the request's
    transaction commits: what the services queued on commit (the mail) runs as the request
    ends. ``capture`` is pytest-django's ``django_capture_on_commit_callbacks``. (A test's
    own database transaction never commits, so without this nothing queued on commit runs.)
    """
    request = client.request

    def committed_request(**kwargs):
        with capture(execute=True):
            return request(**kwargs)

    client.request = committed_request
    return client
