"""
Bookings of the community spaces: when each space may be booked (its rules, weekly opening
hours and dated exceptions), and the residents' booking requests with their dates.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from committees.models import CommunitySpace


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class BookingRules(models.Model):
    """Whether and how a community space may be booked by residents."""

    space = models.OneToOneField(
        CommunitySpace,
        on_delete=models.CASCADE,
        related_name="booking_rules",
        verbose_name=_("community space"),
    )
    is_bookable = models.BooleanField(
        _("bookable"),
        default=True,
        help_text=_("Residents may ask for a slot on the space's page."),
    )
    longest_booking_hours = models.PositiveSmallIntegerField(
        _("longest booking (hours)"), default=4
    )
    horizon_days = models.PositiveSmallIntegerField(
        _("bookable days ahead"),
        default=90,
        help_text=_("How many days ahead a slot may be asked for."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("booking rules of a space")
        verbose_name_plural = _("booking rules of spaces")
        ordering = ["space__committee__order", "space__order", "space__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(longest_booking_hours__gte=1, longest_booking_hours__lte=24),
                name="bookingrules_longest_booking_within_a_day",
            ),
            models.CheckConstraint(
                condition=Q(horizon_days__gte=1), name="bookingrules_horizon_at_least_a_day"
            ),
        ]

    def __str__(self):
        return str(self.space)

    def cache_scopes(self):
        """The cache scopes of the public pages this shows on (kouvola_alue/cachescopes.py)."""
        return [f"space:{self.space_id}", "spaces"]


class OpeningHours(models.Model):
    """One period of a weekday when the space may be booked (a day may have several)."""

    rules = models.ForeignKey(BookingRules, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("bookable hours")
        verbose_name_plural = _("bookable hours by weekday")
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=F("opens")), name="openinghours_closes_after_opening"
            )
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H.%M}–{self.closes:%H.%M}"


class SpecialDay(models.Model):
    """A dated exception to the weekly hours: closed all day (a holiday) or other hours."""

    rules = models.ForeignKey(BookingRules, on_delete=models.CASCADE, related_name="special_days")
    date = models.DateField(_("date"))
    opens = models.TimeField(
        _("opens"), null=True, blank=True, help_text=_("Leave empty if closed all day.")
    )
    closes = models.TimeField(_("closes"), null=True, blank=True)
    reason = models.CharField(
        _("reason"), max_length=120, blank=True, help_text=_("Shown on the page, e.g. a holiday.")
    )

    class Meta:
        verbose_name = _("exception to the hours")
        verbose_name_plural = _("exceptions to the hours (holidays, other hours)")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["rules", "date"], name="specialday_one_per_day"),
            models.CheckConstraint(
                condition=Q(opens__isnull=True, closes__isnull=True)
                | Q(opens__isnull=False, closes__gt=F("opens")),
                name="specialday_closed_or_closes_after_opening",
            ),
        ]

    def __str__(self):
        return date_format(self.date)

    @property
    def is_closed(self):
        return self.opens is None


class BookingRequestQuerySet(models.QuerySet):
    def with_personal_data(self):
        return self.filter(personal_data_removed_at__isnull=True)


class BookingRequest(models.Model):
    """A resident's or an association's request for a slot (or a weekly series of slots)."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("waiting for the e-mail confirmation")
        PENDING = "pending", _("waiting for a decision")
        APPROVED = "approved", _("approved")
        DECLINED = "declined", _("declined")
        CANCELLED = "cancelled", _("cancelled by the requester")

    # What the requester tells about themselves: staff only, removed by the purge.
    PERSONAL_FIELDS = (
        "name",
        "email",
        "phone",
        "association",
        "purpose",
        "accessibility_need",
    )

    space = models.ForeignKey(
        CommunitySpace,
        on_delete=models.PROTECT,
        related_name="booking_requests",
        verbose_name=_("community space"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.UNCONFIRMED
    )
    purpose = models.TextField(_("purpose"), max_length=1000, blank=True)
    attendees = models.PositiveSmallIntegerField(_("expected number of people"))
    accessibility_need = models.TextField(_("accessibility need"), max_length=500, blank=True)
    public_title = models.CharField(
        _("public event title"),
        max_length=120,
        blank=True,
        help_text=_("Shown on the space's calendar if the requester chose to publish it."),
    )
    name = models.CharField(_("name"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    association = models.CharField(_("association"), max_length=160, blank=True)
    repeat_until = models.DateField(
        _("weekly until"), null=True, blank=True, help_text=_("For a weekly booking.")
    )
    decision_message = models.TextField(
        _("message to the requester"), blank=True, help_text=_("Mailed with the decision.")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    access_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    language = models.CharField(
        _("language"),
        max_length=8,
        default="fi",
        help_text=_("The language the requester used; e-mails are sent in it."),
    )
    is_demo = models.BooleanField(_("demo content"), default=False)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    personal_data_removed_at = models.DateTimeField(
        _("personal data removed"), null=True, blank=True
    )

    objects = BookingRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("booking request")
        verbose_name_plural = _("booking requests")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="bookingrequest_status")]

    def __str__(self):
        return _("Booking request %(number)s") % {"number": self.pk}

    def cache_scopes(self):
        """Once approved, its times show as booked (kouvola_alue/cachescopes.py)."""
        return [f"space:{self.space_id}", "spaces"]

    @classmethod
    def erased_values(cls):
        return dict.fromkeys(cls.PERSONAL_FIELDS, "")

    @property
    def has_personal_data(self):
        return self.personal_data_removed_at is None

    @property
    def is_open(self):
        """Not yet decided: the requester may still cancel it."""
        return self.status in (self.Status.UNCONFIRMED, self.Status.PENDING)

    @property
    def can_be_cancelled(self):
        return self.status in (self.Status.UNCONFIRMED, self.Status.PENDING, self.Status.APPROVED)


class SlotQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(is_approved=True)

    def overlapping(self, starts_at, ends_at):
        return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)


class BookingSlot(models.Model):
    """
    One date of a request. ``is_approved`` is set, with the request's approval, on every slot
    of an approved request: the database refuses two approved slots of a space that overlap
    (on PostgreSQL an exclusion constraint, migration 0002; on SQLite the service's check).
    """

    request = models.ForeignKey(
        BookingRequest, on_delete=models.CASCADE, related_name="slots", verbose_name=_("request")
    )
    # The request's space again, so that the constraint can name it.
    space = models.ForeignKey(
        CommunitySpace,
        on_delete=models.PROTECT,
        related_name="booking_slots",
        verbose_name=_("community space"),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    is_approved = models.BooleanField(_("approved"), default=False)

    objects = SlotQuerySet.as_manager()

    class Meta:
        verbose_name = _("booked slot")
        verbose_name_plural = _("booked slots")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["space", "is_approved", "starts_at"], name="bookingslot_space")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="bookingslot_ends_after_start"
            )
        ]

    def __str__(self):
        start, end = timezone.localtime(self.starts_at), timezone.localtime(self.ends_at)
        return f"{date_format(start, 'SHORT_DATETIME_FORMAT')}–{date_format(end, 'TIME_FORMAT')}"

    @property
    def hours(self):
        return (self.ends_at - self.starts_at) / datetime.timedelta(hours=1)
