from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects and goals")

    def ready(self):
        # The published ideas in the site search and the open data of the committees app.
        from projects import opendata, search

        search.register()
        opendata.register()
