"""
The subscribers' mail, sent by the task worker. The queue holds only ids; each mail is built
when its task runs, in the subscriber's language, from what is public then.

A delivery (or digest) is claimed before its mail is sent (``pending`` → ``sending`` in one
UPDATE): a task run twice, or a worker restarted halfway through a batch, finds it claimed and
sends nothing again. A mail server that is down, or a message that cannot be built or sent,
gets the mail tried again later on ``RETRY_DELAYS`` (the row waits as ``pending``), then
``failed``, which staff see (admin: deliveries; the to-do list). A delivery still ``sending``
``CLAIM_TIMEOUT`` after it was taken was left by a worker that stopped: ``deliveries_reclaim``
(queued with every batch, and run by ``send_digests`` daily) tries it again or fails it.
"""

from django.core.mail import get_connection
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import override
from django_tasks import task

from following import mails
from following.models import Delivery, Digest, SendState, StaffReminder
from following.notices import describe
from following.staff_todo import reminder_message
from kouvola_alue.mailqueue import (
    CLAIM_TIMEOUT,
    FAILED,
    RETRY_DELAYS,
    RETRYING,
    SENT,
    deliver,
    retry_later,
)


def _claim(model, pk):
    return model.objects.filter(pk=pk, state=SendState.PENDING).update(state=SendState.SENDING)


def _settle(queryset, result):
    state = {SENT: SendState.SENT, RETRYING: SendState.PENDING, FAILED: SendState.FAILED}[result]
    queryset.update(state=state, sent_at=timezone.now() if result == SENT else None)


def _claim_mail(model, pk, now):
    """``_claim`` for a follower's mail, which also records when and how often it was taken."""
    return model.objects.filter(pk=pk, state=SendState.PENDING).update(
        state=SendState.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )


def _watch(now):
    if reclaim_deliveries.get_backend().supports_defer:
        # Should this worker stop halfway, what it took is taken back after the timeout.
        reclaim_deliveries.using(run_after=now + CLAIM_TIMEOUT).enqueue()


@task()
def send_notices(*, delivery_ids, attempt=1):
    """One mail per delivery (an event told at once), over one connection for the batch."""
    results = []
    connection = get_connection()
    now = timezone.now()
    _watch(now)
    deliveries = Delivery.objects.select_related("event", "subscription__committee")
    for delivery in deliveries.filter(pk__in=delivery_ids).order_by("pk"):
        if not _claim_mail(Delivery, delivery.pk, now):
            continue
        row = Delivery.objects.filter(pk=delivery.pk)
        subscription = delivery.subscription
        what = f"delivery {delivery.pk}"
        retry = {"task": send_notices, "kwargs": {"delivery_ids": [delivery.pk]}}
        try:
            with override(subscription.language):
                notice = describe(delivery.event, subscription.site_url)
                if notice is None or not subscription.is_active:
                    row.update(state=SendState.SKIPPED)
                    continue
                message = mails.notice_message(subscription, notice)
        # Whatever it was (a title that breaks a header…), tried again, then failed: never stuck.
        except Exception as error:
            result = retry_later(what=what, attempt=attempt, error=error, **retry)
        else:
            message.connection = connection
            result = deliver(message, what=what, attempt=attempt, **retry)
        _settle(row, result)
        results.append(result)
    return results


def deliveries_reclaim(*, now=None):
    """
    Follower mails (a delivery told at once, a digest) a worker took (``sending``) and never
    gave back, as it stopped halfway: each is tried again as its next attempt, or failed after
    the last. Returns how many were found.
    """
    now = now or timezone.now()
    left = Q(claimed_at__lt=now - CLAIM_TIMEOUT) | Q(claimed_at__isnull=True)
    found = 0
    for rows, send in (
        (
            Delivery.objects.filter(digest__isnull=True),
            lambda pk, attempt: send_notices.enqueue(delivery_ids=[pk], attempt=attempt),
        ),
        (
            Digest.objects.all(),
            lambda pk, attempt: send_digest.enqueue(digest_id=pk, attempt=attempt),
        ),
    ):
        stuck = rows.filter(left, state=SendState.SENDING)
        spent = stuck.filter(attempts__gt=len(RETRY_DELAYS))
        spent_ids = list(spent.values_list("pk", flat=True))
        found += spent.filter(pk__in=spent_ids).update(state=SendState.FAILED)
        if rows.model is Digest:
            Delivery.objects.filter(digest__in=spent_ids).update(state=SendState.FAILED)
        for pk, attempts in stuck.values_list("pk", "attempts"):
            if rows.filter(pk=pk, state=SendState.SENDING).update(state=SendState.PENDING):
                send(pk, attempts + 1)
                found += 1
    return found


@task()
def reclaim_deliveries():
    """``deliveries_reclaim`` from the queue, some time after a mail was taken."""
    return deliveries_reclaim()


@task()
def send_digest(*, digest_id, attempt=1):
    """A weekly subscriber's news, in one mail."""
    now = timezone.now()
    if not _claim_mail(Digest, digest_id, now):
        return "skipped"
    _watch(now)
    digest = Digest.objects.select_related("subscription__committee").get(pk=digest_id)
    subscription = digest.subscription
    rows = Digest.objects.filter(pk=digest_id)
    deliveries = digest.deliveries.select_related("event").order_by("event__created_at", "pk")
    what = f"digest {digest_id}"
    retry = {"task": send_digest, "kwargs": {"digest_id": digest_id}}
    try:
        with override(subscription.language):
            notices = [describe(d.event, subscription.site_url) for d in deliveries]
            notices = [notice for notice in notices if notice is not None]
            if not notices or not subscription.is_active:
                rows.update(state=SendState.SKIPPED)
                deliveries.update(state=SendState.SKIPPED)
                return "skipped"
            message = mails.digest_message(subscription, notices)
    # As in send_notices: tried again, then failed, never left "being sent".
    except Exception as error:
        result = retry_later(what=what, attempt=attempt, error=error, **retry)
    else:
        result = deliver(message, what=what, attempt=attempt, **retry)
    _settle(rows, result)
    _settle(digest.deliveries.all(), result)
    return result


@task()
def send_staff_reminders(*, user_id, reminder_ids, attempt=1):
    """A clerk's reminders of what needs doing (``following.staff_todo``), in one mail."""
    claimed = [pk for pk in reminder_ids if _claim(StaffReminder, pk)]
    reminders = StaffReminder.objects.filter(pk__in=claimed).select_related("user")
    if not claimed:
        return "skipped"
    user = reminders[0].user
    if not (user.is_active and user.email):
        reminders.update(state=SendState.SKIPPED)
        return "skipped"
    message = reminder_message(user, [r.text for r in reminders.order_by("pk")])
    result = deliver(
        message,
        what=f"the staff reminders of user {user_id}",
        task=send_staff_reminders,
        kwargs={"user_id": user_id, "reminder_ids": claimed},
        attempt=attempt,
    )
    _settle(reminders, result)
    return result
