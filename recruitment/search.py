"""Recruitment campaigns in the site search (``RecruitmentConfig.ready``): their public texts."""

from django.utils.translation import gettext_lazy as _

from kouvola_alue.registry import SearchSource
from recruitment.models import Campaign

# A handful of campaigns a year: the vector is computed at search time, no stored column.
CAMPAIGN_SOURCE = SearchSource(
    kind="campaign",
    label=_("Recruitment campaign"),
    label_plural=_("Member recruitment campaigns"),
    order=25,
    queryset=lambda: Campaign.objects.all(),
    fields={"title": "A", "title_en": "A", "description": "C", "description_en": "C"},
    translations={"title": "title_en", "description": "description_en"},
    title=lambda c: c.display_title,
    title_field="title",
    url=lambda c: c.get_absolute_url(),
)

SOURCES = [CAMPAIGN_SOURCE]
