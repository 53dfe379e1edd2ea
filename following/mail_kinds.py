"""
The followers' and the staff's mails (``kouvola_alue.mailqueue.outbox``): queued by the
services, each built in the worker from ids, in the subscriber's language and from what is
public when it is built (a meeting unpublished meanwhile, an address unsubscribed, is not
told: the mail is skipped).

- ``follow-request``: the confirmation link, or for an address already following, a note.
- ``follow-notice``: a piece of news told at once, about its ``Delivery``.
- ``follow-digest``: a week's news in one mail, about its ``Digest``.
- ``staff-reminders``: a clerk's new points of the to-do list, about the user, on the occasion
  of the first of them; the ``StaffReminder`` ids are its parameters.

The ``Mail`` row is each one's record: staff see the failed ones in the admin (Mail, and the
followers' deliveries by news) and on the to-do list.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import override

from following import mails
from following.models import (
    DIGEST_MAIL,
    NOTICE_MAIL,
    REMINDERS_MAIL,
    Delivery,
    Digest,
    StaffReminder,
    Subscription,
)
from following.notices import describe
from following.staff_todo import reminder_message
from kouvola_alue.mailqueue.outbox import MailKind


def _request(mail):
    subscription = (
        Subscription.objects.select_related("committee").filter(pk=mail.object_id).first()
    )
    if subscription is None or subscription.unsubscribed_at is not None:
        return None
    with override(subscription.language):
        return mails.request_message(subscription, already=mail.params["already"])


def _notice(mail):
    delivery = (
        Delivery.objects.select_related("event", "subscription__committee")
        .filter(pk=mail.object_id)
        .first()
    )
    if delivery is None or not delivery.subscription.is_active:
        return None
    subscription = delivery.subscription
    with override(subscription.language):
        notice = describe(delivery.event, subscription.site_url)
        return mails.notice_message(subscription, notice) if notice else None


def _digest(mail):
    digest = Digest.objects.select_related("subscription__committee").filter(pk=mail.object_id)
    digest = digest.first()
    if digest is None or not digest.subscription.is_active:
        return None
    subscription = digest.subscription
    deliveries = digest.deliveries.select_related("event").order_by("event__created_at", "pk")
    with override(subscription.language):
        notices = [describe(d.event, subscription.site_url) for d in deliveries]
        notices = [notice for notice in notices if notice is not None]
        if not notices:  # none of the week's news is public any more
            return None
        return mails.digest_message(subscription, notices)


def _reminders(mail):
    user = get_user_model().objects.filter(pk=mail.object_id, is_active=True).first()
    if user is None or not user.email:
        return None
    texts = list(
        StaffReminder.objects.filter(user=user, pk__in=mail.params["reminders"])
        .order_by("pk")
        .values_list("text", flat=True)
    )
    return reminder_message(user, texts) if texts else None


MAILS = (
    MailKind(
        kind="follow-request",
        build=_request,
        what="the confirmation request of subscription {object_id}",
    ),
    MailKind(kind=NOTICE_MAIL, build=_notice, what="the news mail of delivery {object_id}"),
    MailKind(kind=DIGEST_MAIL, build=_digest, what="digest {object_id}"),
    MailKind(
        kind=REMINDERS_MAIL,
        build=_reminders,
        what="the staff reminders of user {object_id}",
    ),
)
