"""Committees, meetings and community spaces in the site search (``CommitteesConfig.ready``)."""

from django.utils.translation import gettext_lazy as _

from committees.meeting_selectors import all_spaces, published_meetings
from committees.models import Committee
from kouvola_alue.registry import SearchSource

SOURCES = [
    SearchSource(
        kind="committee",
        label=_("Area committee"),
        order=10,
        queryset=lambda: Committee.objects.all(),
        # The English texts too, so a visitor of the English UI finds something.
        fields={
            "name": "A",
            "name_en": "A",
            "area_name": "A",
            "statistical_areas": "B",
            "task": "C",
            "task_en": "C",
            "history": "C",
            "history_en": "C",
        },
        title=lambda c: c.display_name,
        url=lambda c: c.get_absolute_url(),
        stored_vector=True,
    ),
    SearchSource(
        kind="meeting",
        label=_("Meeting"),
        order=30,
        queryset=published_meetings,
        fields={
            "title": "A",
            "committee__name": "B",
            "agenda": "C",
            "minutes": "C",
            "space__name": "D",
            "address": "D",
        },
        title=lambda m: m.__str__(),
        url=lambda m: m.get_absolute_url(),
        stored_vector=True,
    ),
    SearchSource(
        kind="space",
        label=_("Community space"),
        order=40,
        queryset=all_spaces,
        fields={
            "name": "A",
            "address": "B",
            "committee__area_name": "B",
            "description": "C",
            "digital_services": "C",
            "accessibility": "D",
            "opening_hours": "D",
        },
        title=lambda s: s.name,
        url=lambda s: s.get_absolute_url(),
        stored_vector=True,
    ),
]
