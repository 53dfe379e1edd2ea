from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The site layer: what spans every domain app (home, page texts, search, open data)."""

    name = "portal"
    verbose_name = _("Site pages")
