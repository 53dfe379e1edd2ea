"""
Sending mail from a task, and trying again later when the server does not take it.

The one mail task (``kouvola_alue.mailqueue.outbox.send_mail``) receives only a ``Mail`` id,
so that no name, address or private link is stored in the queue's table; it builds the message
when it runs and hands it to ``deliver``.
"""

import datetime
import logging
import smtplib

from django.utils import timezone

logger = logging.getLogger(__name__)

# Seconds before each further attempt: about nine hours in all, so a mail server that is down
# for a night's maintenance still gets the mail in the morning.
RETRY_DELAYS = (60, 5 * 60, 30 * 60, 2 * 60 * 60, 6 * 60 * 60)
# A mail taken by a worker is sent or given back well within this (DJANGO_EMAIL_TIMEOUT per
# connection); one still taken after it was left by a worker that stopped, and is taken back.
CLAIM_TIMEOUT = datetime.timedelta(minutes=15)

SENT, RETRYING, FAILED = "sent", "retrying", "failed"


def deliver(message, *, what, task, kwargs, attempt):
    """
    Send ``message`` (an ``EmailMessage``). When the server cannot be reached, times out or
    refuses for now, or the message cannot be sent as it is, enqueue ``task`` again with
    ``kwargs`` and the next ``attempt`` after a growing delay (``retry_later``). Never raises
    for a mail error: the task ends normally and says what happened (``SENT``, ``RETRYING``
    or ``FAILED``).

    ``what`` names the mail in the log ("the confirmation of application 12") and must hold
    no personal data. Only the kind of error is logged, never its text: smtplib's errors
    quote the recipients' addresses.
    """
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as error:
        # The address itself is refused: trying again would not change the answer.
        logger.error("Could not send %s: %s", what, type(error).__name__)
        return FAILED
    except Exception as error:  # whatever it was, the mail is tried again
        return retry_later(what=what, task=task, kwargs=kwargs, attempt=attempt, error=error)
    return SENT


def retry_later(*, what, task, kwargs, attempt, error):
    """
    After a failed ``attempt`` (of sending, or of building the message): ``task`` again with
    ``kwargs`` after the next of ``RETRY_DELAYS`` (``RETRYING``), or ``FAILED`` after the last.
    """
    if attempt > len(RETRY_DELAYS) or not task.get_backend().supports_defer:
        logger.error(
            "Could not send %s (attempt %d, giving up): %s", what, attempt, type(error).__name__
        )
        return FAILED
    delay = RETRY_DELAYS[attempt - 1]
    run_after = timezone.now() + datetime.timedelta(seconds=delay)
    task.using(run_after=run_after).enqueue(**kwargs, attempt=attempt + 1)
    logger.warning(
        "Could not send %s (attempt %d): %s; trying again in %d s",
        what,
        attempt,
        type(error).__name__,
        delay,
    )
    return RETRYING
