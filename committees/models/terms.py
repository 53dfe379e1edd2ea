from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kouvola_alue.cachescopes import EVERYTHING


def current_term_of(terms, day):
    """
    The term current on ``day`` among ``terms``: the one that contains the day, and when a new
    term begins before the old one has ended, the one that began last. None between terms.
    The one definition of the current term: the queryset and the pages both ask it.
    """
    return max((t for t in terms if t.contains(day)), key=lambda t: t.starts_on, default=None)


class TermQuerySet(models.QuerySet):
    def containing(self, day):
        return self.filter(starts_on__lte=day, ends_on__gte=day)

    def current(self):
        """The term current today in Helsinki (``current_term_of``), or None between terms."""
        today = timezone.localdate()
        return current_term_of(self.containing(today), today)


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

    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

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

    def cache_scopes(self):
        # Which term is current decides every committee's page.
        return [EVERYTHING]

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
    def has_ended(self):
        return self.ends_on < timezone.localdate()
