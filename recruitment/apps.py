from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    name = "recruitment"
    verbose_name = _("Member recruitment")

    def ready(self):
        from kouvola_alue import personal_data
        from kouvola_alue.mailqueue import outbox
        from kouvola_alue.registry import register
        from recruitment import search
        from recruitment.mail_kinds import MAILS
        from recruitment.opendata import CAMPAIGNS
        from recruitment.personal_data import APPLICATIONS, WITHDRAWAL_CONFIRMATIONS

        register(CAMPAIGNS, *search.SOURCES)
        personal_data.register(APPLICATIONS)
        personal_data.register(WITHDRAWAL_CONFIRMATIONS)
        outbox.register(*MAILS)
