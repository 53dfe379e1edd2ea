"""
One cap for the mail that visitors' posts send: anyone may type anyone's address into a public
form (a booking, an idea, an application, a follow), and each post would otherwise mail that
person. Each kind of mail goes to one address at most ``MAILS_PER_DAY`` times a day, counted in
the shared counters (kouvola_alue.limits.counters: the database or Redis, never a worker's
memory). When the cap is reached the post still succeeds and its page reads the same, so
nobody learns anything of the address; only the mail is not sent.
"""

from kouvola_alue.addresses import normalize_email
from kouvola_alue.limits.counters import hashed, hit

MAILS_PER_DAY = 3
DAY = 24 * 60 * 60


def mail_allowed(kind, email, *, per_day=MAILS_PER_DAY):
    """
    Count one mail of ``kind`` ("booking-received") to ``email`` in today's window (UTC days).
    False once more than ``per_day`` have been counted: do not send this one.
    """
    counted = hit(f"mail:{kind}", hashed(normalize_email(email)), period=DAY, purge=False)
    return counted.count <= per_day
