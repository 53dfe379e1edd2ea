"""Recruitment campaigns in the site search (``RecruitmentConfig.ready``): their public texts."""

from django.utils.translation import gettext_lazy as _

from kouvola_alue.registry import SearchSource
from recruitment.models import Campaign

# The stored vector: recruitment/migrations/0006_campaign_search_vector.py.
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
    stored_vector=True,
)

SOURCES = [CAMPAIGN_SOURCE]
