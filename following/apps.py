from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowingConfig(AppConfig):
    name = "following"
    verbose_name = _("Following by e-mail")

    def ready(self):
        from following import listeners  # noqa: F401  (receives the apps' public events)
