from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    name = "committees"
    verbose_name = _("Area committees")

    def ready(self):
        from committees import opendata, search
        from committees.mail_kinds import MAILS
        from committees.personal_data import MEMBER_EMAILS
        from kouvola_alue import personal_data
        from kouvola_alue.mailqueue import outbox
        from kouvola_alue.registry import register

        register(*search.SOURCES, *opendata.DATASETS)
        personal_data.register(MEMBER_EMAILS)
        outbox.register(*MAILS)
