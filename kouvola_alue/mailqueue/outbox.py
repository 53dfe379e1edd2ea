"""
The one way a mail leaves the portal: a service records it (``mail_queue``) in its own
transaction, and once that commits the one task (``send_mail``) sends it from the worker.

Each app declares its kinds of mail from its ``AppConfig.ready()``::

    outbox.register(
        outbox.MailKind(
            kind="booking-received",
            build=lambda mail: booking_message(booking_id=mail.object_id, **mail.params),
            what="the received mail of booking request {object_id}",
        )
    )

``build(mail)`` makes the ``EmailMessage`` in the worker from the object's id and the mail's
parameters (never personal data: the queue and the ``Mail`` row hold ids), or returns None
when there is nobody left to write to. ``sent(mail, result)``, if given, runs after the last
attempt (``SENT`` or ``FAILED``), e.g. to mark the object or forget an address. A mail is
recorded once per kind, object and occasion, and claimed before it is sent, so a service that
queues it again, or a task run twice, never mails twice. A mail server that is down gets the
mail tried again on ``RETRY_DELAYS``; a mail that never went is ``failed``, which staff see
(admin: Mail; the to-do list). A mail still ``sending`` ``CLAIM_TIMEOUT`` after it was taken
was left by a worker that stopped: ``mails_reclaim`` (queued with every claim, and run daily
by ``send_digests``) tries it again as its next attempt, or fails it after the last.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from kouvola_alue.mailqueue import (
    CLAIM_TIMEOUT,
    FAILED,
    RETRY_DELAYS,
    RETRYING,
    SENT,
    deliver,
    retry_later,
)
from kouvola_alue.mailqueue.models import Mail

_kinds = {}


@dataclass(frozen=True)
class MailKind:
    kind: str
    """Unique, e.g. ``"application-received"``; it names the recipient's role too."""
    build: Callable
    """``build(mail)``: the ``EmailMessage``, or None when there is nobody to write to."""
    what: str
    """The mail in the log, without personal data: "the invitation {object_id}" (and params)."""
    sent: Callable | None = None
    """``sent(mail, result)``: after the last attempt, ``SENT`` or ``FAILED``."""


def mark_sent(model, field="sent_at"):
    """A ``sent`` hook: the time the mail went, on the ``model`` row it was about."""

    def sent(mail, result):
        if result == SENT:
            model.objects.filter(pk=mail.object_id).update(**{field: timezone.now()})

    return sent


def register(*kinds):
    for declared in kinds:
        if _kinds.get(declared.kind, declared) != declared:
            raise ValueError(f"Mail {declared.kind!r} is declared twice.")
        _kinds[declared.kind] = declared


def unregister(kind):
    """For tests that declare a throwaway kind."""
    _kinds.pop(kind, None)


def mail_queue(*, kind, object_id, occasion="", quiet=False, **params):
    """
    Record the mail ``kind`` about ``object_id`` (on ``occasion``, when one object gets the
    same kind of mail more than once) and queue it once the caller's transaction commits.
    A mail already recorded is neither recorded nor queued again. ``quiet``: recorded as
    skipped and queued all the same, so that a post whose mail is over the cap does the same
    work as one whose mail goes. ``params``: JSON values without personal data. Returns the
    ``Mail``.
    """
    if kind not in _kinds:
        raise LookupError(f"No mail of kind {kind!r} is declared.")
    with transaction.atomic():
        mail, created = Mail.objects.get_or_create(
            kind=kind,
            object_id=object_id,
            occasion=str(occasion),
            defaults={
                "params": params,
                "state": Mail.State.SKIPPED if quiet else Mail.State.PENDING,
            },
        )
    if created:
        transaction.on_commit(lambda: send_mail.enqueue(mail_id=mail.pk))
    return mail


_STATE = {SENT: Mail.State.SENT, RETRYING: Mail.State.PENDING, FAILED: Mail.State.FAILED}


@task()
def send_mail(*, mail_id, attempt=1):
    """Build and send the ``Mail`` ``mail_id`` unless another run has taken it already."""
    now = timezone.now()
    claimed = Mail.objects.filter(pk=mail_id, state=Mail.State.PENDING).update(
        state=Mail.State.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return "skipped"
    if reclaim_mails.get_backend().supports_defer:
        # Should this worker stop halfway, the mail is taken back after the timeout.
        reclaim_mails.using(run_after=now + CLAIM_TIMEOUT).enqueue()
    mail = Mail.objects.get(pk=mail_id)
    declared = _kinds[mail.kind]
    what = declared.what.format(object_id=mail.object_id, **mail.params)
    retry = {"task": send_mail, "kwargs": {"mail_id": mail_id}}
    try:
        message = declared.build(mail)
    # Whatever it was (a title that breaks a header…): tried again, then failed, never stuck.
    except Exception as error:
        result = retry_later(what=what, attempt=attempt, error=error, **retry)
    else:
        if message is None:
            Mail.objects.filter(pk=mail_id).update(state=Mail.State.SKIPPED)
            return "skipped"
        result = deliver(message, what=what, attempt=attempt, **retry)
    Mail.objects.filter(pk=mail_id).update(
        state=_STATE[result], sent_at=timezone.now() if result == SENT else None
    )
    if declared.sent is not None and result != RETRYING:
        declared.sent(mail, result)
    return result


def mails_reclaim(*, now=None):
    """
    Mails a worker took (``sending``) and never gave back, as it stopped halfway: each is
    queued again as its next attempt, or failed after the last. Returns how many were found.
    """
    now = now or timezone.now()
    left = Q(claimed_at__lt=now - CLAIM_TIMEOUT) | Q(claimed_at__isnull=True)
    stuck = Mail.objects.filter(left, state=Mail.State.SENDING)
    found = stuck.filter(attempts__gt=len(RETRY_DELAYS)).update(state=Mail.State.FAILED)
    for pk, attempts in stuck.values_list("pk", "attempts"):
        # Given back only by this run: another reclaiming at once finds it pending.
        if Mail.objects.filter(pk=pk, state=Mail.State.SENDING).update(state=Mail.State.PENDING):
            send_mail.enqueue(mail_id=pk, attempt=attempts + 1)
            found += 1
    return found


@task()
def reclaim_mails():
    """``mails_reclaim`` from the queue, some time after a mail was taken."""
    return mails_reclaim()
