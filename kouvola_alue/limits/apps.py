from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LimitsConfig(AppConfig):
    name = "kouvola_alue.limits"
    label = "limits"
    verbose_name = _("Rate limits")

    def ready(self):
        from kouvola_alue.limits import checks  # noqa: F401  (registers the system check)
