"""
Residents who follow a committee by e-mail (no account: an address, confirmed by a link),
what happened that they may be told of, and what each of them was told, so that nothing is
told twice (the mails themselves are the outbox's ``Mail`` rows). Subscribers' addresses are
personal data: staff see counts only (admin.py).
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.events import MEETINGS
from committees.models import Committee
from kouvola_alue.mailqueue.models import Mail
from projects.events import IDEAS
from recruitment.events import RECRUITMENT

# The topics a subscription may follow: the field that says so and the label the form shows.
# A new topic (e.g. bookings' space events) is one BooleanField here and one entry below.
TOPIC_FIELDS = {
    MEETINGS: "follows_meetings",
    IDEAS: "follows_ideas",
    RECRUITMENT: "follows_recruitment",
}


def new_key():
    return secrets.token_urlsafe(12)


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        """Subscriptions mail may be sent to: confirmed and not unsubscribed."""
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)

    def following(self, topic):
        return self.filter(**{TOPIC_FIELDS[topic]: True})

    def stale(self, before):
        """Unsubscribed before ``before``, or asked for before it and never confirmed."""
        return self.filter(
            Q(unsubscribed_at__lt=before) | Q(confirmed_at__isnull=True, requested_at__lt=before)
        )


class Subscription(models.Model):
    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("at once, one e-mail for each piece of news")
        WEEKLY = "weekly", _("once a week, as a digest")

    committee = models.ForeignKey(
        Committee,
        on_delete=models.CASCADE,
        related_name="subscriptions",
        verbose_name=_("committee"),
    )
    email = models.EmailField(_("e-mail"), max_length=254)
    follows_meetings = models.BooleanField(_("new meetings and minutes"), default=False)
    follows_ideas = models.BooleanField(_("new and changed project ideas"), default=False)
    follows_recruitment = models.BooleanField(_("recruitment of members opening"), default=False)
    frequency = models.CharField(
        _("how often"), max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    language = models.CharField(_("language"), max_length=8, default="fi")
    site_url = models.URLField(
        _("site address"),
        max_length=200,
        help_text=_("The address the subscriber used; the links in their mail lead there."),
    )
    key = models.CharField(
        _("key"),
        max_length=32,
        default=new_key,
        help_text=_("Part of the signed links; renewed when the address subscribes again."),
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    last_digest_at = models.DateTimeField(_("last digest sent"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "email"], name="subscription_one_per_committee_and_address"
            )
        ]

    def __str__(self):
        # Never the address: the object's name may show in logs and the admin's history.
        return f"{_('subscription')} {self.pk}"

    @property
    def is_active(self):
        return self.confirmed_at is not None and self.unsubscribed_at is None

    @property
    def topics(self):
        return [topic for topic, name in TOPIC_FIELDS.items() if getattr(self, name)]


class Event(models.Model):
    """Something public happened in a committee's area (an app's ``PublicEvent``)."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="+", verbose_name=_("committee")
    )
    topic = models.CharField(_("topic"), max_length=20)
    kind = models.CharField(_("kind"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("object"))
    key = models.CharField(_("key"), max_length=120)
    created_at = models.DateTimeField(_("happened"), default=timezone.now)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.UniqueConstraint(fields=["committee", "key"], name="event_once_per_committee")
        ]
        indexes = [models.Index(fields=["committee", "topic", "created_at"], name="event_lookup")]

    def __str__(self):
        return self.key


# The followers' and the staff's mails (``kouvola_alue.mailqueue.outbox``, declared in
# following/mail_kinds.py): the ``Mail`` row is their one record (state, attempts, when sent).
NOTICE_MAIL = "follow-notice"  # about a Delivery told at once
DIGEST_MAIL = "follow-digest"  # about a Digest
REMINDERS_MAIL = "staff-reminders"  # about a user, on the occasion of their first new reminder


class Digest(models.Model):
    """One weekly mail to one subscription; its events are its deliveries."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="digests")
    created_on = models.DateField(_("made on"))

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "created_on"], name="digest_one_a_day_per_subscription"
            )
        ]

    def __str__(self):
        return f"{_('digest')} {self.pk}"


class DeliveryQuerySet(models.QuerySet):
    def with_mail(self):
        """
        Each delivery with the state, attempts, last attempt and time sent of the mail that
        tells it, its own (told at once) or its digest's (``mail_state``, ``mail_attempts``,
        ``mail_claimed_at``, ``mail_sent_at``).
        """
        notice = Mail.objects.filter(kind=NOTICE_MAIL, object_id=OuterRef("pk"))
        digest = Mail.objects.filter(kind=DIGEST_MAIL, object_id=OuterRef("digest_id"))
        return self.annotate(
            **{
                f"mail_{name}": Coalesce(
                    Subquery(notice.values(name)[:1]), Subquery(digest.values(name)[:1])
                )
                for name in ("state", "attempts", "claimed_at", "sent_at")
            }
        )

    def in_mail_state(self, state):
        """Deliveries whose mail (their own or their digest's) is in ``state``."""
        mails = Mail.objects.filter(state=state)
        return self.filter(
            Q(digest=None, pk__in=mails.filter(kind=NOTICE_MAIL).values("object_id"))
            | Q(digest__in=mails.filter(kind=DIGEST_MAIL).values("object_id"))
        )

    def failed(self):
        """Deliveries whose mail failed after every attempt (staff see them)."""
        return self.in_mail_state(Mail.State.FAILED)


class Delivery(models.Model):
    """
    An event told to a subscription: at once (its own mail) or in a ``digest``. There is one
    row at most per subscription and event, made before the mail is queued, so that a worker
    that restarts, or a command run twice, tells nothing twice. The mail itself is the
    outbox's ``Mail`` (``with_mail()``).
    """

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    digest = models.ForeignKey(
        Digest, on_delete=models.CASCADE, null=True, blank=True, related_name="deliveries"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event"], name="delivery_once_per_subscription_and_event"
            )
        ]

    def __str__(self):
        return f"{_('delivery')} {self.pk}"


class StaffReminder(models.Model):
    """
    A point of the staff's to-do list (``following.staff_todo``) mailed to one clerk: recorded
    once per clerk and point, so it is reminded of once. The new points of a day go in one
    mail (``REMINDERS_MAIL``).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    key = models.CharField(_("key"), max_length=120)
    text = models.CharField(_("text"), max_length=400)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("staff reminder")
        verbose_name_plural = _("staff reminders")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="staffreminder_once_per_user")
        ]

    def __str__(self):
        return self.key
