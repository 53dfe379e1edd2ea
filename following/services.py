"""
Writes of the following app: subscribing (double opt-in), confirming, changing and ending a
subscription, recording what happened and the weekly digests, and the staff's reminders. Every
mail is queued here, in the write's transaction, through the one mail task (``mail_queue``;
the kinds in following/mail_kinds.py). The public views, the listeners and the commands all go
through these.
"""

import datetime
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import override

from following.models import (
    DIGEST_MAIL,
    NOTICE_MAIL,
    REMINDERS_MAIL,
    TOPIC_FIELDS,
    Delivery,
    Digest,
    Event,
    StaffReminder,
    Subscription,
    new_key,
)
from following.staff_todo import staff_todo
from kouvola_alue.addresses import normalize_email
from kouvola_alue.limits.recipients import mail_allowed
from kouvola_alue.mailqueue.outbox import mail_queue
from kouvola_alue.staff_group import GROUP_NAME
from recruitment.events import campaign_opened
from recruitment.models import Campaign

DIGEST_INTERVAL_DAYS = 7


def _topic_fields(topics):
    return {name: topic in topics for topic, name in TOPIC_FIELDS.items()}


@transaction.atomic
def subscription_request(*, committee, email, topics, frequency, language, site_url):
    """
    Someone asks to follow ``committee`` at ``email``. A new or lapsed subscription waits for
    its confirmation link (nothing else is sent before it is opened); an address that already
    follows is sent a note with its management link and is not changed. The caller is told
    nothing of which happened, so the page cannot reveal who subscribes.
    """
    email = normalize_email(email)
    subscription, created = Subscription.objects.select_for_update().get_or_create(
        committee=committee,
        email=email,
        defaults={
            **_topic_fields(topics),
            "frequency": frequency,
            "language": language,
            "site_url": site_url,
        },
    )
    already = subscription.is_active
    if already:
        # When the address last asked. Written for the same work as a new or renewed request
        # does, so that the time of the answer does not tell who follows already.
        Subscription.objects.filter(pk=subscription.pk).update(requested_at=timezone.now())
    elif not created:
        # Unconfirmed or unsubscribed: the new answers count, and an unsubscribed address
        # starts again with a new key, so links from its earlier mail no longer work.
        if subscription.unsubscribed_at is not None:
            subscription.key = new_key()
            subscription.confirmed_at = None
            subscription.unsubscribed_at = None
            subscription.last_digest_at = None
        for name, value in _topic_fields(topics).items():
            setattr(subscription, name, value)
        subscription.frequency = frequency
        subscription.language = language
        subscription.site_url = site_url
        subscription.requested_at = timezone.now()
        subscription.save()
    # Anyone may type anyone's address: the platform's cap on mail a visitor's post sends.
    mail_queue(
        kind="follow-request",
        object_id=subscription.pk,
        # Each request is a mail of its own.
        occasion=uuid.uuid4().hex,
        quiet=not mail_allowed("follow-request", email),
        already=already,
    )
    return subscription


@transaction.atomic
def subscription_confirm(*, subscription):
    """Start sending. Returns False for a subscription that was ended meanwhile."""
    locked = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if locked.unsubscribed_at is not None:
        return False
    if locked.confirmed_at is None:
        locked.confirmed_at = timezone.now()
        locked.save(update_fields=["confirmed_at"])
    subscription.confirmed_at = locked.confirmed_at
    return True


@transaction.atomic
def subscription_update(*, subscription, topics, frequency):
    for name, value in _topic_fields(topics).items():
        setattr(subscription, name, value)
    subscription.frequency = frequency
    subscription.save(update_fields=[*TOPIC_FIELDS.values(), "frequency"])
    return subscription


@transaction.atomic
def subscription_unsubscribe(*, subscription):
    """Stop all mail to the subscription; the same request again changes nothing."""
    updated = Subscription.objects.filter(pk=subscription.pk, unsubscribed_at__isnull=True).update(
        unsubscribed_at=timezone.now()
    )
    # Mail already queued is not sent: the worker checks the subscription as it builds it.
    return bool(updated)


# --- Events and their mail ----------------------------------------------------------------------


def event_record(*, kind, topic, committee_ids, object_id, key):
    """
    Record what happened, once per committee and key, and queue the mail of the committee's
    subscribers who want news at once, in one transaction per committee: a worker that stops
    halfway leaves nothing half-recorded. Returns the events recorded now (none when the same
    happening was recorded before).
    """
    recorded = []
    for committee_id in committee_ids:
        with transaction.atomic():
            event, created = Event.objects.get_or_create(
                committee_id=committee_id,
                key=key,
                defaults={"kind": kind, "topic": topic, "object_id": object_id},
            )
            if created:
                recorded.append(event)
                event_fan_out(event=event)
    return recorded


@transaction.atomic
def event_fan_out(*, event):
    """
    One delivery row for each subscriber of the event's committee and topic who wants news
    at once, and its mail queued (``NOTICE_MAIL``, one task each). Rows that exist already
    (an earlier run) are left as they are, and their mails, recorded once, are not queued again.
    """
    subscribers = (
        Subscription.objects.confirmed()
        .following(event.topic)
        .filter(
            committee_id=event.committee_id,
            frequency=Subscription.Frequency.IMMEDIATE,
            confirmed_at__lte=event.created_at,
        )
        .values_list("pk", flat=True)
    )
    Delivery.objects.bulk_create(
        [Delivery(subscription_id=pk, event=event) for pk in subscribers], ignore_conflicts=True
    )
    told = Delivery.objects.filter(event=event, digest=None).order_by("pk")
    for pk in told.values_list("pk", flat=True):
        mail_queue(kind=NOTICE_MAIL, object_id=pk)


def digest_due(subscription, today):
    since = subscription.last_digest_at or subscription.confirmed_at
    return timezone.localdate(since) <= today - datetime.timedelta(days=DIGEST_INTERVAL_DAYS)


def digests_prepare(*, now=None):
    """
    For each weekly subscriber whose previous digest (or confirmation) is a week old or more
    and who has news not yet told: a digest with its deliveries, queued as one mail. A digest
    is made at most once a day per subscription (a second run the same day finds it), and an
    event at most once per subscription (the delivery's constraint). Returns how many.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    made = 0
    weekly = (
        Subscription.objects.confirmed()
        .filter(frequency=Subscription.Frequency.WEEKLY)
        .order_by("pk")
    )
    for subscription in weekly.iterator(chunk_size=500):
        if not digest_due(subscription, today) or not subscription.topics:
            continue
        news = list(
            Event.objects.filter(
                committee_id=subscription.committee_id,
                topic__in=subscription.topics,
                created_at__gte=subscription.confirmed_at,
            )
            .exclude(deliveries__subscription=subscription)
            .values_list("pk", flat=True)
        )
        if not news:
            continue
        with transaction.atomic():
            digest, created = Digest.objects.get_or_create(
                subscription=subscription, created_on=today
            )
            if not created:
                continue
            Delivery.objects.bulk_create(
                [Delivery(subscription=subscription, event_id=pk, digest=digest) for pk in news],
                ignore_conflicts=True,
            )
            Subscription.objects.filter(pk=subscription.pk).update(last_digest_at=now)
            mail_queue(kind=DIGEST_MAIL, object_id=digest.pk)
        made += 1
    return made


def recruitment_announce_opened(*, today):
    """
    A campaign's opening is a date, not a clerk's action: the daily command records each open
    campaign's opening once (the event's key), for every committee it recruits for.
    """
    opened = 0
    for campaign in Campaign.objects.open().prefetch_related("committees"):
        happening = campaign_opened.happening(
            committee_ids=[c.pk for c in campaign.committees.all()], object_id=campaign.pk
        )
        recorded = event_record(
            kind=happening.kind,
            topic=happening.topic,
            committee_ids=happening.committee_ids,
            object_id=happening.object_id,
            key=happening.key,
        )
        opened += bool(recorded)
    return opened


# --- The staff's reminders -----------------------------------------------------------------------


def staff_reminders_queue(*, now=None):
    """
    Each point of the staff's to-do list (``following.staff_todo``) not yet sent to a member
    of the Elinvoimajaosto group is recorded for them and mailed, once: a point stays on the
    list until it is done, but it is reminded of only once. Returns (clerks, points) queued.
    """
    User = get_user_model()
    with override(settings.LANGUAGE_CODE):
        points = [point for section in staff_todo(now) for point in section.points]
    if not points:
        return 0, 0
    clerks = User.objects.filter(is_active=True, is_staff=True, groups__name=GROUP_NAME).exclude(
        email=""
    )
    users = queued = 0
    for user in clerks.distinct().order_by("pk"):
        with transaction.atomic():
            keys = [p.key for p in points]
            known = set(
                StaffReminder.objects.filter(user=user, key__in=keys).values_list("key", flat=True)
            )
            StaffReminder.objects.bulk_create(
                [
                    StaffReminder(user=user, key=p.key, text=p.text[:400])
                    for p in points
                    if p.key not in known
                ],
                ignore_conflicts=True,
            )
            new = list(
                StaffReminder.objects.filter(user=user, key__in=keys)
                .exclude(key__in=known)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            if new:
                # One mail of the day's new points; the first of them names the occasion.
                mail_queue(kind=REMINDERS_MAIL, object_id=user.pk, occasion=new[0], reminders=new)
                users += 1
                queued += len(new)
    return users, queued
