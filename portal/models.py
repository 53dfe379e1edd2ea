from django.db import models
from django.utils.translation import gettext_lazy as _


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

    def cache_scopes(self):
        """The cache scopes of the public pages this shows on (kouvola_alue/cachescopes.py)."""
        return ["sections"]
