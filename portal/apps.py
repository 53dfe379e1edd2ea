from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The site layer: what spans every domain app (home, page texts, search, open data)."""

    name = "portal"
    verbose_name = _("Site pages")

    def ready(self):
        from kouvola_alue.pagecache import watch_public_tables

        # The apps whose rows the public pages show: a write to any of them makes every
        # cached page stale, on every machine.
        watch_public_tables(["committees", "projects", "recruitment", "bookings", "portal"])
