from django.db import models
from django.utils.translation import gettext_lazy as _

from kouvola_alue.i18n import localized


class Goal(models.Model):
    """One of the thirteen goals of area activity (aluetoiminnan tavoitteet)."""

    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, help_text=_("The goal's place in the list.")
    )
    slug = models.SlugField(_("address"), unique=True)
    title = models.CharField(
        _("goal"),
        max_length=200,
        help_text=_("Completes the sentence “Aluetoiminnan tavoitteina on lisätä …”."),
    )
    title_en = models.CharField(_("goal in English"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)

    class Meta:
        verbose_name = _("goal of area activity")
        verbose_name_plural = _("goals of area activity")
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.title}"

    @property
    def display_title(self):
        return localized(self, "title")
