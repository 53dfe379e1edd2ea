from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from kouvola_alue.i18n import localized


class Committee(models.Model):
    name = models.CharField(
        _("name"), max_length=120, unique=True, help_text=_("E.g. Anjalankosken aluetoimikunta.")
    )
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    area_name = models.CharField(
        _("area"), max_length=80, help_text=_("The area the committee works in, e.g. Anjalankoski.")
    )
    slug = models.SlugField(
        _("address"),
        unique=True,
        help_text=_("The committee's web address: /aluetoimikunnat/<address>/."),
    )
    statistical_areas = models.TextField(
        _("statistical areas"),
        blank=True,
        help_text=_("The statistical major areas the committee's area is based on, one per line."),
    )
    task = models.TextField(_("task"), help_text=_("What the committee does, in a few paragraphs."))
    task_en = models.TextField(_("task in English"), blank=True)
    history = models.TextField(
        _("history"), blank=True, help_text=_("How and when the committee began.")
    )
    history_en = models.TextField(_("history in English"), blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    started_on = models.DateField(_("started on"))
    started_as_pilot = models.BooleanField(
        _("started as a pilot"), default=False, help_text=_("The 2018 pilot areas.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("area committee")
        verbose_name_plural = _("area committees")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("committees:detail", kwargs={"slug": self.slug})

    @property
    def display_name(self):
        return localized(self, "name")

    @property
    def statistical_area_list(self):
        return [line.strip() for line in self.statistical_areas.splitlines() if line.strip()]


class TermQuerySet(models.QuerySet):
    def containing(self, day):
        return self.filter(starts_on__lte=day, ends_on__gte=day)

    def current(self):
        """The term that contains today in Helsinki, or None between terms."""
        return self.containing(timezone.localdate()).order_by("-starts_on").first()

    def ended(self):
        return self.filter(ends_on__lt=timezone.localdate())

    def upcoming(self):
        return self.filter(starts_on__gt=timezone.localdate())


class Term(models.Model):
    name = models.CharField(_("name"), max_length=40, help_text=_("E.g. 2022–2025."))
    slug = models.SlugField(
        _("address"), unique=True, help_text=_("Used in web addresses, e.g. 2022-2025.")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    council_decision_on = models.DateField(
        _("council decision"),
        null=True,
        blank=True,
        help_text=_("The date of the city council meeting that chose the members."),
    )
    min_members = models.PositiveSmallIntegerField(
        _("minimum number of members"),
        default=7,
        validators=[MinValueValidator(1)],
        help_text=_("A roster with fewer members is shown as incomplete."),
    )
    max_members = models.PositiveSmallIntegerField(
        _("maximum number of members"),
        default=11,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
        help_text=_("Deputies may be at most as many as the members."),
    )
    is_demo = models.BooleanField(
        _("demo content"), default=False, help_text=_("Fictional data for trying the portal out.")
    )

    objects = TermQuerySet.as_manager()

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="term_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(min_members__gte=1) & Q(min_members__lte=F("max_members")),
                name="term_member_limits_ordered",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.starts_on and self.ends_on:
            if self.ends_on < self.starts_on:
                raise ValidationError({"ends_on": _("A term cannot end before it starts.")})
            overlapping = Term.objects.filter(
                starts_on__lte=self.ends_on, ends_on__gte=self.starts_on
            ).exclude(pk=self.pk)
            if overlapping.exists():
                raise ValidationError(
                    _("The term overlaps the term %(term)s.") % {"term": overlapping.first()}
                )
        if self.min_members and self.max_members and self.min_members > self.max_members:
            raise ValidationError(
                {"min_members": _("The minimum cannot be larger than the maximum.")}
            )

    def contains(self, day):
        return self.starts_on <= day <= self.ends_on

    @property
    def is_current(self):
        return self.contains(timezone.localdate())

    @property
    def has_ended(self):
        return self.ends_on < timezone.localdate()


class Person(models.Model):
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=80)
    is_demo = models.BooleanField(
        _("demo content"),
        default=False,
        help_text=_("A fictional person for trying the portal out."),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"


class MembershipQuerySet(models.QuerySet):
    def with_people(self):
        return self.select_related("person", "personal_deputy_of__person")

    def roster(self, committee, term):
        return self.filter(committee=committee, term=term).with_people()

    def seated(self):
        """Memberships still held (not ended early by a resignation)."""
        return self.filter(ends_on__isnull=True)

    def members(self):
        return self.filter(kind=Membership.Kind.MEMBER)

    def deputies(self):
        return self.filter(kind=Membership.Kind.DEPUTY)


class Membership(models.Model):
    class Kind(models.TextChoices):
        MEMBER = "member", _("member")
        DEPUTY = "deputy", _("deputy member")

    class Role(models.TextChoices):
        CHAIR = "chair", _("chair")
        VICE_CHAIR = "vice_chair", _("vice-chair")
        SECRETARY = "secretary", _("secretary")
        MEMBER = "member", _("member")

    # The order a roster is read in: the chair first.
    ROLE_ORDER = {Role.CHAIR: 0, Role.VICE_CHAIR: 1, Role.SECRETARY: 2, Role.MEMBER: 3}
    SINGLE_ROLES = (Role.CHAIR, Role.VICE_CHAIR, Role.SECRETARY)

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("committee")
    )
    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("term")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("person")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MEMBER)
    role = models.CharField(
        _("role"),
        max_length=12,
        choices=Role.choices,
        default=Role.MEMBER,
        help_text=_("Chair, vice-chair and secretary are roles of members, not of deputies."),
    )
    personal_deputy_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="personal_deputies",
        verbose_name=_("personal deputy of"),
        help_text=_(
            "For a deputy member: the member of the same committee and term whose personal "
            "deputy they are. Save the member first."
        ),
    )
    starts_on = models.DateField(
        _("started on"), null=True, blank=True, help_text=_("Leave empty if from the term's start.")
    )
    ends_on = models.DateField(
        _("ended on"),
        null=True,
        blank=True,
        help_text=_(
            "Fill in only when the seat ended early, e.g. by resignation. The history is kept."
        ),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["committee__order", "-term__starts_on", "kind", "person__last_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="membership_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(kind="member") | Q(role="member"),
                name="membership_roles_only_for_members",
            ),
            models.CheckConstraint(
                condition=Q(kind="deputy") | Q(personal_deputy_of__isnull=True),
                name="membership_only_deputies_are_personal_deputies",
            ),
            models.UniqueConstraint(
                fields=["person", "committee", "term"],
                condition=Q(ends_on__isnull=True),
                name="membership_one_seat_per_term",
                violation_error_message=_(
                    "This person already has a seat on this committee in this term."
                ),
            ),
            models.UniqueConstraint(
                fields=["committee", "term", "role"],
                condition=Q(role__in=["chair", "vice_chair", "secretary"])
                & Q(ends_on__isnull=True),
                name="membership_one_holder_per_role",
                violation_error_message=_(
                    "The committee already has someone in this role in this term."
                ),
            ),
            models.UniqueConstraint(
                fields=["personal_deputy_of"],
                condition=Q(ends_on__isnull=True),
                name="membership_one_personal_deputy",
                violation_error_message=_("This member already has a personal deputy."),
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.get_kind_display()}, {self.committee.area_name} {self.term}"

    def clean(self):
        errors = {}
        if self.kind == self.Kind.DEPUTY and self.role != self.Role.MEMBER:
            errors["role"] = _("A deputy member cannot be chair, vice-chair or secretary.")
        if self.personal_deputy_of_id:
            principal = self.personal_deputy_of
            if self.kind != self.Kind.DEPUTY:
                errors["personal_deputy_of"] = _("Only a deputy member can be a personal deputy.")
            elif principal.kind != self.Kind.MEMBER:
                errors["personal_deputy_of"] = _("A personal deputy stands in for a member.")
            elif (principal.committee_id, principal.term_id) != (self.committee_id, self.term_id):
                errors["personal_deputy_of"] = _(
                    "The member must sit on the same committee in the same term."
                )
            elif principal.pk == self.pk:
                errors["personal_deputy_of"] = _("A person cannot be their own deputy.")
        if self.term_id:
            term = self.term
            for field in ("starts_on", "ends_on"):
                day = getattr(self, field)
                if day and not term.contains(day):
                    errors[field] = _("The date must be within the term (%(start)s–%(end)s).") % {
                        "start": date_format(term.starts_on),
                        "end": date_format(term.ends_on),
                    }
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("A seat cannot end before it starts.")
        if errors:
            raise ValidationError(errors)

    @property
    def has_ended(self):
        return self.ends_on is not None

    @property
    def role_order(self):
        return self.ROLE_ORDER.get(self.role, len(self.ROLE_ORDER))


class PageSection(models.Model):
    """A block of text on one of the portal's own pages, written by staff."""

    class Page(models.TextChoices):
        HOME = "home", _("Home page")
        ACCESSIBILITY = "accessibility", _("Accessibility statement")
        PRIVACY = "privacy", _("Privacy notice")

    page = models.CharField(_("page"), max_length=20, choices=Page.choices)
    key = models.SlugField(
        _("identifier"),
        max_length=40,
        help_text=_("A fixed name for the section, e.g. history; not shown on the page."),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    body = models.TextField(
        _("text"), help_text=_("Plain text; an empty line starts a new paragraph.")
    )
    body_en = models.TextField(_("text in English"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("page section")
        verbose_name_plural = _("page sections")
        ordering = ["page", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["page", "key"], name="pagesection_unique_key_per_page")
        ]

    def __str__(self):
        return f"{self.get_page_display()}: {self.title or self.key}"
