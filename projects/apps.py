from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects and goals")

    def ready(self):
        from kouvola_alue.registry import register
        from projects import opendata, search

        register(*search.SOURCES, *opendata.DATASETS)
