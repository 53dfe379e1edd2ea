from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects and goals")

    def ready(self):
        from kouvola_alue import personal_data
        from kouvola_alue.mailqueue import outbox
        from kouvola_alue.registry import register
        from projects import opendata, search
        from projects.mail_kinds import MAILS
        from projects.personal_data import PROPOSERS

        register(*search.SOURCES, *opendata.DATASETS)
        personal_data.register(PROPOSERS)
        outbox.register(*MAILS)
