from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from committees.models.committees import Committee
from committees.models.terms import Term
from kouvola_alue.addresses import normalize_email


class Person(models.Model):
    # Staff only, never on the site, in open data, logs or addresses; erased by
    # ``purge_personal_data`` (committees/personal_data.py) once every seat of the person has
    # ended long enough ago.
    PERSONAL_FIELDS = ("email",)

    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=80)
    email = models.EmailField(
        _("e-mail"),
        blank=True,
        help_text=_(
            "Staff only: meeting invitations are sent here. Erased automatically a set time "
            "after the person's last seat has ended."
        ),
    )
    is_demo = models.BooleanField(
        _("demo content"),
        default=False,
        help_text=_("A fictional person for trying the portal out."),
    )

    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    def clean(self):
        # Staff type it in the admin: stored in the one spelling every address has.
        self.email = normalize_email(self.email)

    def cache_scopes(self):
        """The cache scopes of the public pages this shows on (kouvola_alue/cachescopes.py)."""
        slugs = {m.committee.slug for m in self.memberships.select_related("committee")}
        return ["committees", *(f"committee:{slug}" for slug in sorted(slugs))]

    @classmethod
    def erased_values(cls):
        return dict.fromkeys(cls.PERSONAL_FIELDS, "")


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

    def with_attendance_record(self):
        """
        Each seat's ``meetings_held`` (published meetings with checked minutes where its
        attendance was recorded) and ``meetings_attended`` (of those, the ones the person
        was at: in person, remotely or substituting), in the same query.
        """
        recorded = Q(
            attendances__meeting__is_published=True,
            attendances__meeting__minutes_published_at__isnull=False,
        )
        return self.annotate(
            meetings_held=Count("attendances", filter=recorded),
            meetings_attended=Count(
                "attendances", filter=recorded & ~Q(attendances__status="absent")
            ),
        )


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

    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

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

    def cache_scopes(self):
        """The cache scopes of the public pages this shows on (kouvola_alue/cachescopes.py)."""
        return [f"committee:{self.committee.slug}", "committees"]

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
