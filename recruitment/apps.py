from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    name = "recruitment"
    verbose_name = _("Member recruitment")

    def ready(self):
        from committees.opendata import register_dataset
        from recruitment.opendata import CAMPAIGNS

        register_dataset(CAMPAIGNS)
