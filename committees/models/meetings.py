import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from committees.documents import validate_pdf
from committees.models.committees import Committee
from kouvola_alue.i18n import localized
from kouvola_alue.publisher import ID_DOMAIN
from kouvola_alue.singleline import validate_single_line


class CommunitySpace(models.Model):
    """A community space of an area centre, open to residents of all ages."""

    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        related_name="spaces",
        verbose_name=_("committee"),
        help_text=_("The area committee whose area centre the space is in."),
    )
    name = models.CharField(_("name"), max_length=160)
    name_en = models.CharField(_("name in English"), max_length=160, blank=True)
    address = models.CharField(
        _("address"), max_length=200, help_text=_("Street address, postcode and town.")
    )
    opening_hours = models.TextField(
        _("opening hours"), blank=True, help_text=_("One line per day or period.")
    )
    opening_hours_en = models.TextField(_("opening hours in English"), blank=True)
    accessibility = models.TextField(
        _("accessibility"),
        blank=True,
        help_text=_("Entrances, lifts, toilets, induction loop, parking for the disabled …"),
    )
    accessibility_en = models.TextField(_("accessibility in English"), blank=True)
    digital_services = models.TextField(
        _("digital services"),
        blank=True,
        help_text=_("Digital services offered in the space, one per line (e.g. remote meetings)."),
    )
    digital_services_en = models.TextField(_("digital services in English"), blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_demo = models.BooleanField(
        _("demo content"), default=False, help_text=_("Fictional data for trying the portal out.")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("community space")
        verbose_name_plural = _("community spaces")
        ordering = ["committee__order", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "name"], name="communityspace_unique_name_per_committee"
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("spaces:detail", kwargs={"pk": self.pk})

    def cache_scopes(self):
        """The cache scopes of the public pages this shows on (kouvola_alue/cachescopes.py)."""
        return [f"space:{self.pk}", "spaces", f"committee:{self.committee.slug}"]

    @property
    def display_name(self):
        return localized(self, "name")

    @property
    def digital_service_list(self):
        return [line.strip() for line in self.digital_services.splitlines() if line.strip()]


def meeting_document_path(instance, filename):
    """An unguessable name: unpublished minutes must not be found by trying addresses."""
    return f"kokoukset/{uuid.uuid4().hex}.pdf"


class MeetingQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def upcoming(self, now=None):
        """Meetings that have not ended yet, soonest first."""
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "pk")

    def past(self, now=None):
        """
        Meetings that have ended, latest first. A meeting ends after it starts (a constraint),
        so one that has ended has started: saying so lets the index on the start be read from
        now backwards, instead of past every coming meeting first.
        """
        now = now or timezone.now()
        return self.filter(ends_at__lt=now, starts_at__lt=now).order_by("-starts_at", "-pk")

    def with_place(self):
        return self.select_related("committee", "space")


class Meeting(models.Model):
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("committee")
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty for “Meeting of the committee”."),
        # One line: the title is the subject of the followers' mail.
        validators=[validate_single_line],
    )
    title_en = models.CharField(
        _("title in English"), max_length=200, blank=True, validators=[validate_single_line]
    )
    starts_at = models.DateTimeField(_("starts at"), help_text=_("Helsinki time."))
    ends_at = models.DateTimeField(_("ends at"), help_text=_("Helsinki time."))
    space = models.ForeignKey(
        CommunitySpace,
        # Not SET_NULL: a meeting held only in the space would be left without a place.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("community space"),
        help_text=_("Where the meeting is held, if in a community space."),
    )
    address = models.CharField(
        _("address"),
        max_length=200,
        blank=True,
        help_text=_("Where the meeting is held, if not in a community space."),
    )
    online_url = models.URLField(
        _("online link"),
        blank=True,
        help_text=_("A public link for following or joining the meeting remotely."),
    )
    agenda = models.TextField(
        _("agenda"), blank=True, help_text=_("Plain text; an empty line starts a new paragraph.")
    )
    agenda_en = models.TextField(_("agenda in English"), blank=True)
    minutes = models.TextField(
        _("memo or minutes"),
        blank=True,
        help_text=_("Plain text; or upload the minutes as a PDF below."),
    )
    minutes_en = models.TextField(_("memo or minutes in English"), blank=True)
    minutes_pdf = models.FileField(
        _("minutes (PDF)"),
        upload_to=meeting_document_path,
        blank=True,
        validators=[validate_pdf],
        help_text=_("A PDF file; shown on the site once the meeting is published."),
    )
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Only published meetings are shown on the site, in calendars and open data."),
    )
    minutes_published_at = models.DateTimeField(
        _("minutes checked and published"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "When staff marked the minutes checked: from then on the decisions and the "
            "attendance are on the site."
        ),
    )
    is_cancelled = models.BooleanField(
        _("cancelled"),
        default=False,
        help_text=_("A cancelled meeting stays on the site and in calendars, marked cancelled."),
    )
    is_demo = models.BooleanField(
        _("demo content"), default=False, help_text=_("Fictional data for trying the portal out.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    sequence = models.PositiveIntegerField(
        _("revision"),
        default=0,
        editable=False,
        help_text=_("Grows with each change, so that calendar apps update their copy."),
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-pk"]
        indexes = [
            models.Index(fields=["is_published", "starts_at"], name="meeting_published_start")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(space__isnull=False) | ~Q(address="") | ~Q(online_url=""),
                name="meeting_has_a_place",
            ),
        ]

    def __str__(self):
        return f"{self.display_title} {date_format(timezone.localtime(self.starts_at))}"

    def get_absolute_url(self):
        return reverse("meetings:detail", kwargs={"pk": self.pk})

    def cache_scopes(self):
        """The cache scopes of the public pages this shows on (kouvola_alue/cachescopes.py)."""
        scopes = ["meetings", f"committee:{self.committee.slug}"]
        return scopes + ([f"space:{self.space_id}"] if self.space_id else [])

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("A meeting must end after it starts.")
        if not (self.space_id or self.address.strip() or self.online_url):
            errors["address"] = _(
                "Give the place: a community space, an address or an online link."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def display_title(self):
        return self.title_of(localized(self, "title"), self.committee)

    @staticmethod
    def title_of(title, committee):
        """The title shown: its own, or the committee's meeting (also for rows as values)."""
        if title:
            return title
        return _("Meeting of %(committee)s") % {"committee": committee.display_name}

    @property
    def place(self):
        """The place as one line: the space and its address, or the address given."""
        if self.space_id:
            return f"{self.space.display_name}, {self.space.address}"
        return self.address

    @property
    def has_minutes(self):
        return bool(self.minutes.strip() or self.minutes_pdf or self.minutes_published)

    @property
    def minutes_published(self):
        """The minutes (decisions, attendance) are checked and public."""
        return self.minutes_published_at is not None

    @property
    def has_ended(self):
        return self.ends_at < timezone.now()

    @property
    def uid(self):
        """The iCalendar UID: stable for as long as the meeting exists."""
        return self.uid_of(self.pk)

    @staticmethod
    def uid_of(pk):
        return f"kokous-{pk}@{ID_DOMAIN}"


# --- Meetings as data: agenda items, attendance, quorum ----------------------------------------


class AgendaItemQuerySet(models.QuerySet):
    def in_order(self):
        return self.order_by("meeting_id", "number")


class AgendaItem(models.Model):
    """
    One numbered item (asiakohta, §) of a meeting's agenda, with the proposal and, once the
    meeting has decided, the decision. The § numbers run per meeting (§ 1, § 2, …): the
    standard opening items are always § 1–4, so § 2 is the lawfulness and quorum item.
    The number is the order; ``agenda_reorder`` renumbers, staff never retype numbers.
    """

    class Standard(models.TextChoices):
        OPENING = "opening", _("opening of the meeting")
        QUORUM = "quorum", _("lawfulness and quorum")
        CHECKERS = "checkers", _("minute checkers")
        AGENDA = "agenda", _("approval of the agenda")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("meeting")
    )
    number = models.PositiveSmallIntegerField(
        _("§"),
        help_text=_("The item's number in the meeting (§ 1, § 2, …); also its order."),
    )
    standard = models.CharField(
        _("standard item"),
        max_length=10,
        choices=Standard.choices,
        blank=True,
        help_text=_("Which of the standard opening items this is, if one."),
    )
    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title in English"), max_length=300, blank=True)
    proposal = models.TextField(
        _("proposal"),
        blank=True,
        help_text=_("The proposal (ehdotus). Plain text; an empty line starts a new paragraph."),
    )
    proposal_en = models.TextField(_("proposal in English"), blank=True)
    decision = models.TextField(
        _("decision"),
        blank=True,
        help_text=_(
            "The decision (päätös), shown on the site once the minutes are checked and published."
        ),
    )
    decision_en = models.TextField(_("decision in English"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"],
                name="agendaitem_number_unique_per_meeting",
                violation_error_message=_("The meeting already has an item with this number."),
            ),
            models.UniqueConstraint(
                fields=["meeting", "standard"],
                condition=~Q(standard=""),
                name="agendaitem_standard_once_per_meeting",
                violation_error_message=_("The meeting already has this standard item."),
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="agendaitem_number_positive"),
        ]

    def __str__(self):
        meeting = self.meeting
        day = date_format(timezone.localtime(meeting.starts_at))
        return f"{meeting.committee.area_name} {day} § {self.number} {self.title}"

    def get_absolute_url(self):
        return f"{self.meeting.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self):
        return f"pykala-{self.number}"

    @property
    def display_title(self):
        return localized(self, "title")


def agenda_attachment_path(instance, filename):
    """Unguessable, as the minutes': an attachment of an unpublished agenda stays hidden."""
    return f"kokoukset/liitteet/{uuid.uuid4().hex}.pdf"


class AgendaItemAttachment(models.Model):
    """A PDF attached to an agenda item, checked like the minutes (``validate_pdf``)."""

    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("agenda item"),
    )
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    document = models.FileField(
        _("file (PDF)"), upload_to=agenda_attachment_path, validators=[validate_pdf]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["item", "order", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:attachment", kwargs={"pk": self.pk})

    @property
    def display_title(self):
        return localized(self, "title")


class Attendance(models.Model):
    """
    Whether one member or deputy of the meeting's term was there. Written only through
    ``attendance_record``, which refuses outsiders, a deputy standing in for someone other
    than their own member, and a seat counted twice.
    """

    class Status(models.TextChoices):
        PRESENT = "present", _("present")
        REMOTE = "remote", _("present remotely")
        ABSENT = "absent", _("absent")
        SUBSTITUTING = "substituting", _("substituting for their member")

    # Who sits in a member's seat: counted for the quorum.
    SEATED = (Status.PRESENT, Status.REMOTE, Status.SUBSTITUTING)

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("meeting")
    )
    membership = models.ForeignKey(
        "committees.Membership",
        on_delete=models.PROTECT,
        related_name="attendances",
        verbose_name=_("member or deputy"),
    )
    status = models.CharField(_("attendance"), max_length=12, choices=Status.choices)
    substitutes_for = models.ForeignKey(
        "committees.Membership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="substituted_by",
        verbose_name=_("substituting for"),
        help_text=_("For a deputy substituting: their own member."),
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "membership__kind", "membership__person__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "membership"],
                name="attendance_once_per_meeting",
                violation_error_message=_("This person's attendance is already recorded."),
            ),
            models.UniqueConstraint(
                fields=["meeting", "substitutes_for"],
                condition=Q(substitutes_for__isnull=False),
                name="attendance_one_substitute_per_seat",
                violation_error_message=_("Someone already substitutes for this member."),
            ),
            models.CheckConstraint(
                condition=Q(status="substituting", substitutes_for__isnull=False)
                | (~Q(status="substituting") & Q(substitutes_for__isnull=True)),
                name="attendance_substitute_names_member",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["present", "remote", "absent", "substituting"]),
                name="attendance_status_known",
            ),
        ]

    def __str__(self):
        return f"{self.membership.person}: {self.get_status_display()}"

    @property
    def is_seated(self):
        return self.status in self.SEATED


class OtherAttendee(models.Model):
    """Someone present who is not on the roster: the secretary from the city, a guest."""

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="other_attendees",
        verbose_name=_("meeting"),
    )
    name = models.CharField(_("name"), max_length=160)
    role = models.CharField(
        _("role"), max_length=160, help_text=_("E.g. secretary, city staff, invited guest.")
    )
    role_en = models.CharField(_("role in English"), max_length=160, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("other attendee")
        verbose_name_plural = _("other attendees")
        ordering = ["meeting", "order", "pk"]

    def __str__(self):
        return f"{self.name} ({self.role})"

    @property
    def display_role(self):
        return localized(self, "role")
