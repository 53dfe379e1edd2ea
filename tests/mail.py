"""Mail backends that fail the way real servers do, for tests of the mail queue."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    """The server refuses the recipient; smtplib's error names the address, as it really does."""

    def send_messages(self, email_messages):
        recipient = email_messages[0].to[0]
        raise smtplib.SMTPRecipientsRefused({recipient: (550, b"5.1.1 User unknown")})


class DownBackend(BaseEmailBackend):
    """Nothing listens where the server should be."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")
