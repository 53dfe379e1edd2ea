from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingsConfig(AppConfig):
    name = "bookings"
    verbose_name = _("Space bookings")

    def ready(self):
        from bookings.mail_kinds import MAILS
        from bookings.opendata import USE_RATES
        from bookings.personal_data import BOOKERS, UNCONFIRMED
        from kouvola_alue import personal_data
        from kouvola_alue.mailqueue import outbox
        from kouvola_alue.registry import register

        register(USE_RATES)
        personal_data.register(BOOKERS)
        personal_data.register(UNCONFIRMED)
        outbox.register(*MAILS)
