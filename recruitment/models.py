import uuid

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.models import Committee, Membership, Person, Term
from kouvola_alue.i18n import localized

# Path segments under /jasenhaku/ that are not campaigns.
RESERVED_SLUGS = {"hakemus"}


class CampaignState(models.TextChoices):
    UPCOMING = "upcoming", _("upcoming")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


def campaign_state(opens_on, closes_on, day):
    """
    A campaign's state on ``day`` by its dates: open from the opening day through the whole
    closing day (Helsinki time), upcoming before, closed after. A campaign run before the
    portal (no dates) is closed. The one definition: the properties and the querysets below
    both ask it.
    """
    if opens_on is None:
        return CampaignState.CLOSED
    if day < opens_on:
        return CampaignState.UPCOMING
    if day <= closes_on:
        return CampaignState.OPEN
    return CampaignState.CLOSED


class CampaignQuerySet(models.QuerySet):
    def in_state(self, state, day=None):
        """
        The campaigns in ``state`` on ``day`` (today in Helsinki). Judged by
        ``campaign_state`` itself rather than restated in SQL: a city has a handful of
        campaigns a year, so reading their dates costs nothing.
        """
        day = day or timezone.localdate()
        dates = self.values_list("pk", "opens_on", "closes_on")
        return self.filter(
            pk__in=[pk for pk, *period in dates if campaign_state(*period, day) == state]
        )

    def open(self):
        """Campaigns taking applications today in Helsinki."""
        return self.in_state(CampaignState.OPEN)

    def not_closed_on(self, day):
        """
        The campaigns that may still be open or upcoming on ``day``: those with a closing day
        on or after it. Only a narrowing before ``campaign_state`` judges each one (a closed
        campaign, dated or not, has no such closing day), so that a page asking for the open
        ones does not read every campaign ever run.
        """
        return self.filter(closes_on__gte=day)

    def with_applicant_count(self):
        """``applicant_count``: the applications that count (``counted()``) of each campaign."""
        counted = (
            Application.objects.counted()
            .filter(campaign=OuterRef("pk"))
            .order_by()
            .values("campaign")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(applicant_count=Coalesce(Subquery(counted), 0))

    def newest_first(self):
        return self.order_by("-year", F("opens_on").desc(nulls_last=True), "-pk")


class Campaign(models.Model):
    """A recruitment of members for one term to some of the committees (jäsenhaku)."""

    title = models.CharField(_("title"), max_length=120, help_text=_("E.g. Jäsenhaku 2021."))
    title_en = models.CharField(_("title in English"), max_length=120, blank=True)
    slug = models.SlugField(
        _("address"), unique=True, help_text=_("The campaign's web address: /jasenhaku/<address>/.")
    )
    term = models.ForeignKey(
        Term,
        on_delete=models.PROTECT,
        related_name="campaigns",
        verbose_name=_("term"),
        help_text=_("The term the selected members will serve."),
    )
    committees = models.ManyToManyField(
        Committee,
        related_name="campaigns",
        verbose_name=_("committees"),
        help_text=_("The committees that seek members in this campaign."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        blank=True,
        help_text=_("The year of the recruitment; filled in from the opening date if left empty."),
    )
    opens_on = models.DateField(
        _("opens on"),
        null=True,
        blank=True,
        help_text=_(
            "The first day applications are taken (Helsinki time). Leave both dates empty only "
            "for a campaign run before the portal whose dates were not recorded."
        ),
    )
    closes_on = models.DateField(
        _("closes on"),
        null=True,
        blank=True,
        help_text=_("The last day applications are taken; the whole day counts."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_(
            "Who may apply, what members do and how they are chosen. Plain text; an empty line "
            "starts a new paragraph."
        ),
    )
    description_en = models.TextField(_("description in English"), blank=True)
    council_meeting_on = models.DateField(
        _("deciding council meeting"),
        null=True,
        blank=True,
        help_text=_("The date of the city council meeting that will choose the members."),
    )
    recorded_total = models.PositiveIntegerField(
        _("recorded number of applicants"),
        null=True,
        blank=True,
        help_text=_(
            "Only for a campaign run before the portal: the number of applicants as recorded "
            "then. The per-area numbers below, if known, must add up to it. Leave empty for a "
            "campaign run on the portal: its numbers are counted from the applications."
        ),
    )
    agenda_items = models.ManyToManyField(
        "committees.AgendaItem",
        related_name="campaigns",
        blank=True,
        verbose_name=_("handled in"),
        help_text=_("The meetings' agenda items (§) that handled the campaign."),
    )
    is_demo = models.BooleanField(
        _("demo content"),
        default=False,
        help_text=_("A fictional campaign for trying the portal out."),
    )

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("recruitment campaign")
        verbose_name_plural = _("recruitment campaigns")
        ordering = ["-year", F("opens_on").desc(nulls_last=True), "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_on__isnull=True, closes_on__isnull=True)
                | Q(opens_on__isnull=False, closes_on__isnull=False),
                name="campaign_both_dates_or_neither",
            ),
            models.CheckConstraint(
                condition=Q(opens_on__isnull=True) | Q(closes_on__gte=F("opens_on")),
                name="campaign_closes_after_opening",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Also here, for a campaign saved without the admin's validation (the seed).
        if self.year is None:
            self.year = self.default_year
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("recruitment:detail", kwargs={"slug": self.slug})

    def cache_scopes(self):
        """The cache scopes of the public pages this shows on (kouvola_alue/cachescopes.py)."""
        return ["campaigns"]

    def clean(self):
        errors = {}
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _("This address is reserved; choose another.")
        if (self.opens_on is None) != (self.closes_on is None):
            errors["closes_on" if self.opens_on else "opens_on"] = _(
                "Give both the opening and the closing date, or neither."
            )
        elif self.opens_on and self.closes_on < self.opens_on:
            errors["closes_on"] = _("A campaign cannot close before it opens.")
        if self.year is None:
            self.year = self.default_year
            if self.year is None:
                errors["year"] = _("Give the year, or the opening and closing dates.")
        if self.opens_on is None and self.recorded_total is None and "opens_on" not in errors:
            errors["opens_on"] = _(
                "A campaign run on the portal needs its dates; only a campaign with a recorded "
                "number of applicants can be without them."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def default_year(self):
        """The year a campaign is filed under when none is given: the year it opens."""
        return self.opens_on.year if self.opens_on else None

    @property
    def display_title(self):
        return localized(self, "title")

    @property
    def display_description(self):
        return localized(self, "description")

    @property
    def is_recorded(self):
        """Run before the portal: its numbers are the recorded ones, not counted here."""
        return self.recorded_total is not None

    def state_on(self, day):
        return campaign_state(self.opens_on, self.closes_on, day)

    @property
    def state(self):
        """The campaign's ``CampaignState`` today in Helsinki."""
        return self.state_on(timezone.localdate())

    def is_open_on(self, day):
        return self.state_on(day) == CampaignState.OPEN

    @property
    def is_open(self):
        return self.state == CampaignState.OPEN

    @property
    def is_upcoming(self):
        return self.state == CampaignState.UPCOMING

    @property
    def has_closed(self):
        return self.state == CampaignState.CLOSED


class RecordedCount(models.Model):
    """The number of applicants to one committee, as recorded for a campaign before the portal."""

    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.CASCADE,
        related_name="recorded_counts",
        verbose_name=_("campaign"),
    )
    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        related_name="recorded_application_counts",
        verbose_name=_("committee"),
    )
    applicants = models.PositiveIntegerField(_("applicants"))

    class Meta:
        verbose_name = _("recorded number of applicants")
        verbose_name_plural = _("recorded numbers of applicants per area")
        ordering = ["campaign", "committee__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "committee"],
                name="recordedcount_one_per_committee_and_campaign",
                violation_error_message=_("This committee already has a number in this campaign."),
            )
        ]

    def __str__(self):
        return f"{self.campaign}: {self.committee.area_name} {self.applicants}"


class ApplicationQuerySet(models.QuerySet):
    def counted(self):
        """The applications that count as applicants: all but those withdrawn."""
        return self.exclude(status=Application.Status.WITHDRAWN)

    def with_personal_data(self):
        return self.filter(personal_data_removed_at__isnull=True)


phone_validator = RegexValidator(
    r"^\+?[0-9 ()\-]{6,20}$",
    _("Enter a phone number of digits, e.g. 040 123 4567 or +358 40 123 4567."),
    code="invalid_phone",
)


class Application(models.Model):
    """One person's application to one committee in a campaign. Seen only by staff."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("received")
        IN_REVIEW = "in_review", _("in review")
        SELECTED_MEMBER = "selected_member", _("selected as member")
        SELECTED_DEPUTY = "selected_deputy", _("selected as deputy member")
        NOT_SELECTED = "not_selected", _("not selected")
        WITHDRAWN = "withdrawn", _("withdrawn")

    OPEN_STATUSES = (Status.RECEIVED, Status.IN_REVIEW)
    SELECTED_STATUSES = (Status.SELECTED_MEMBER, Status.SELECTED_DEPUTY)

    # What the applicant tells about themselves, in the order staff read it: the one list that
    # the public form, the admin, the CSV export, the right-of-access export, withdrawal and
    # purge all read. A field added here is asked, shown, exported and erased alike.
    PERSONAL_FIELDS = (
        "last_name",
        "first_name",
        "email",
        "phone",
        "district",
        "age_group",
        "willing_to_be_deputy",
        "background",
        "motivation",
    )
    # Erased with them: what staff wrote about the applicant.
    ERASED_FIELDS = (*PERSONAL_FIELDS, "staff_notes")

    class AgeGroup(models.TextChoices):
        UNDER_30 = "under_30", _("under 30")
        FROM_30_TO_49 = "30_49", _("30–49")
        FROM_50_TO_64 = "50_64", _("50–64")
        OVER_64 = "65_plus", _("65 or older")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="applications", verbose_name=_("campaign")
    )
    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("committee"),
    )
    first_name = models.CharField(_("first name"), max_length=80, blank=True)
    last_name = models.CharField(_("last name"), max_length=80, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])
    district = models.CharField(
        _("district of residence"),
        max_length=80,
        blank=True,
        help_text=_("The part of the area the applicant lives in, e.g. a village or district."),
    )
    age_group = models.CharField(_("age group"), max_length=10, blank=True, choices=AgeGroup)
    background = models.TextField(_("background and know-how"), max_length=2000, blank=True)
    motivation = models.TextField(_("motivation"), max_length=2000, blank=True)
    willing_to_be_deputy = models.BooleanField(
        _("willing to serve as a deputy member"), default=False
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    staff_notes = models.TextField(
        _("staff notes"), blank=True, help_text=_("Seen only by staff; removed with the data.")
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    access_key = models.UUIDField(
        _("access key"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("Identifies the applicant's private link; not personal data."),
    )
    language = models.CharField(
        _("language"),
        max_length=5,
        default="fi",
        help_text=_("The language the applicant used; e-mails are sent in it."),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("person"),
        help_text=_("The person created when the applicant was selected."),
    )
    membership = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("membership"),
        help_text=_("The seat the applicant was selected to."),
    )
    personal_data_removed_at = models.DateTimeField(
        _("personal data removed"),
        null=True,
        blank=True,
        help_text=_("After removal only the campaign, committee and status are kept, for counts."),
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-submitted_at", "-pk"]
        # The staff's list is in this order: at tens of thousands of applications a sort of
        # the whole table per page otherwise.
        indexes = [
            models.Index(F("submitted_at").desc(), F("id").desc(), name="application_submitted_idx")
        ]
        constraints = [
            # The same person (e-mail address) applies once to a committee in a campaign;
            # removed data (empty address) does not block a new application.
            models.UniqueConstraint(
                Lower("email"),
                "campaign",
                "committee",
                condition=~Q(email=""),
                name="application_once_per_committee_per_campaign",
                violation_error_message=_(
                    "An application from this e-mail address to this committee has already "
                    "been received in this campaign."
                ),
            ),
            models.CheckConstraint(
                condition=Q(personal_data_removed_at__isnull=True) | Q(email=""),
                name="application_removed_data_stays_removed",
            ),
        ]

    def __str__(self):
        # No name here: this text is kept in the admin's history, which outlives the data.
        return _("Application %(number)s") % {"number": self.pk}

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_open(self):
        """Not yet decided or withdrawn: the applicant can still withdraw it."""
        return self.status in self.OPEN_STATUSES

    @property
    def has_personal_data(self):
        return self.personal_data_removed_at is None

    @classmethod
    def erased_values(cls):
        """What each of ``ERASED_FIELDS`` holds once the personal data is removed."""
        return {name: cls._meta.get_field(name).get_default() for name in cls.ERASED_FIELDS}

    def personal_value(self, name, *, for_people=True):
        """
        One of ``PERSONAL_FIELDS`` as an export shows it: a choice by its label, and for
        people (``for_people``) a yes/no in words.
        """
        value = getattr(self, name)
        field = self._meta.get_field(name)
        if field.choices and value:
            return getattr(self, f"get_{name}_display")()
        if isinstance(value, bool) and for_people:
            return _("yes") if value else _("no")
        return value


class WithdrawalConfirmation(models.Model):
    """
    The address a withdrawal confirmation goes to, kept apart from the application so that
    the application's personal data is erased at the moment it is withdrawn. The task that
    sends the confirmation deletes the row once the mail has gone or been given up; the
    scheduled purge deletes any left behind (recruitment/personal_data.py).
    """

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="withdrawal_confirmations",
        verbose_name=_("application"),
    )
    email = models.EmailField(_("e-mail"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("withdrawal confirmation to send")
        verbose_name_plural = _("withdrawal confirmations to send")

    def __str__(self):
        # No address: the text may end up in a log.
        return _("Withdrawal confirmation of application %(number)s") % {
            "number": self.application_id
        }
