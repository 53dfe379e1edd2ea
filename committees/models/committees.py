from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kouvola_alue.i18n import localized


class Committee(models.Model):
    class QuorumRule(models.TextChoices):
        MAJORITY = "majority", _("more than half of the members")
        HALF = "half", _("at least half of the members")
        FIXED = "fixed", _("a set number of members")

    name = models.CharField(
        _("name"), max_length=120, unique=True, help_text=_("E.g. Anjalankosken aluetoimikunta.")
    )
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    area_name = models.CharField(
        _("area"), max_length=80, help_text=_("The area the committee works in, e.g. Anjalankoski.")
    )
    area_name_en = models.CharField(
        _("area in English"),
        max_length=80,
        blank=True,
        help_text=_("Also a place name that stays the same in English, e.g. Anjalankoski."),
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
    quorum_rule = models.CharField(
        _("quorum"),
        max_length=10,
        choices=QuorumRule.choices,
        default=QuorumRule.MAJORITY,
        help_text=_(
            "How many members make the meeting quorate. Deputies substituting for their "
            "member count as the member."
        ),
    )
    quorum_minimum = models.PositiveSmallIntegerField(
        _("quorum: number of members"),
        null=True,
        blank=True,
        help_text=_("Only for “a set number of members”."),
    )

    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("area committee")
        verbose_name_plural = _("area committees")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(quorum_rule="fixed")
                | Q(quorum_minimum__isnull=False, quorum_minimum__gte=1),
                name="committee_fixed_quorum_has_number",
            ),
            models.CheckConstraint(
                condition=Q(quorum_rule__in=["majority", "half", "fixed"]),
                name="committee_quorum_rule_known",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("committee", kwargs={"slug": self.slug})

    def cache_scopes(self):
        """The cache scopes of the public pages this shows on (kouvola_alue/cachescopes.py)."""
        return [f"committee:{self.slug}", "committees"]

    def clean(self):
        if self.quorum_rule == self.QuorumRule.FIXED and not self.quorum_minimum:
            raise ValidationError(
                {"quorum_minimum": _("Give the number of members the quorum needs.")}
            )

    @property
    def display_name(self):
        return localized(self, "name")

    @property
    def display_area_name(self):
        return localized(self, "area_name")

    @property
    def statistical_area_list(self):
        return [line.strip() for line in self.statistical_areas.splitlines() if line.strip()]
