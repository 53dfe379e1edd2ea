from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowingConfig(AppConfig):
    name = "following"
    verbose_name = _("Following by e-mail")

    def ready(self):
        from following import listeners  # noqa: F401  (receives the apps' public events)
        from following.mail_kinds import MAILS
        from following.personal_data import STALE_SUBSCRIPTIONS
        from kouvola_alue import personal_data
        from kouvola_alue.mailqueue import outbox

        personal_data.register(STALE_SUBSCRIPTIONS)
        outbox.register(*MAILS)
