"""Committees, meetings and community spaces in the site search (``CommitteesConfig.ready``)."""

from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from committees.meeting_selectors import all_spaces, published_meetings
from committees.models import AgendaItem, Committee
from kouvola_alue.registry import SearchSeries, SearchSource


def _day(moment):
    return date_format(timezone.localtime(moment))


def describe_meeting_series(count, next_at, latest_at):
    """'14 meetings, next 3.2.2027' (or the latest, when none is ahead)."""
    if next_at is not None:
        return ngettext(
            "%(count)d meeting, next %(day)s", "%(count)d meetings, next %(day)s", count
        ) % {"count": count, "day": _day(next_at)}
    return ngettext(
        "%(count)d meeting, latest %(day)s", "%(count)d meetings, latest %(day)s", count
    ) % {"count": count, "day": _day(latest_at)}


# A committee meets under the same title month after month, with much the same agenda: a search
# for its name would list every one of those meetings. They are one result, leading to the
# committee's meetings.
MEETING_SERIES = SearchSeries(
    key=("committee_id", "title"),
    date="starts_at",
    title=lambda m: m.display_title,
    url=lambda m: f"{reverse('meetings:list')}?alue={m.committee.slug}",
    describe=describe_meeting_series,
)


def _items_of_published_meetings():
    return (
        AgendaItem.objects.filter(meeting__is_published=True)
        .select_related("meeting__committee")
        # What an item series is keyed and dated by, as plain columns of the row.
        .annotate(series_committee=F("meeting__committee_id"), series_at=F("meeting__starts_at"))
    )


def _item_title(item):
    """'§ 5 Kylätalon katto – Valkealan aluetoimikunta 14.12.2026'"""
    meeting = item.meeting
    return (
        f"§ {item.number} {item.display_title} – {meeting.committee.display_name} "
        f"{_day(meeting.starts_at)}"
    )


# Items come back under the same title meeting after meeting (the opening items, "Muut asiat",
# the yearly grants): one committee's items of one title are one result, leading to its
# meetings, as its meetings are.
ITEM_SERIES = SearchSeries(
    key=("series_committee", "title"),
    date="series_at",
    title=lambda i: f"{i.display_title} – {i.meeting.committee.display_name}",
    url=lambda i: f"{reverse('meetings:list')}?alue={i.meeting.committee.slug}",
    describe=describe_meeting_series,
)


def _item_source(*, decided, **options):
    """
    The items of published meetings whose minutes are public (``decided``: found by their
    decision too) or not yet (by their title and proposal only, so that no search finds a
    decision before it is public; the stored vector, migration 0012, leaves it out as well).
    """
    fields = {"title": "A", "title_en": "A", "proposal": "C", "proposal_en": "C"}
    translations = {"title": "title_en", "proposal": "proposal_en"}
    if decided:
        fields |= {"decision": "B", "decision_en": "B"}
        translations["decision"] = "decision_en"
    return SearchSource(
        queryset=lambda: _items_of_published_meetings().filter(
            meeting__minutes_published_at__isnull=not decided
        ),
        fields=fields,
        translations=translations,
        title=_item_title,
        title_field="title",
        url=lambda i: i.get_absolute_url(),
        is_demo=lambda i: i.meeting.is_demo,
        stored_vector=True,
        series=ITEM_SERIES,
        **options,
    )


ITEM_SOURCES = [
    _item_source(
        decided=True,
        kind="decision",
        label=_("Decision"),
        label_plural=_("Decisions"),
        order=32,
    ),
    _item_source(
        decided=False,
        kind="agenda_item",
        label=_("Agenda item"),
        label_plural=_("Agenda items"),
        order=34,
    ),
]

SOURCES = [
    SearchSource(
        kind="committee",
        label=_("Area committee"),
        label_plural=_("Area committees"),
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
        translations={"name": "name_en", "task": "task_en", "history": "history_en"},
        title=lambda c: c.display_name,
        title_field="name",
        url=lambda c: c.get_absolute_url(),
        stored_vector=True,
    ),
    SearchSource(
        kind="meeting",
        label=_("Meeting"),
        label_plural=_("Meetings"),
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
        # An empty title shows as "Meeting of …" in the visitor's language.
        title_field="title",
        url=lambda m: m.get_absolute_url(),
        stored_vector=True,
        series=MEETING_SERIES,
    ),
    *ITEM_SOURCES,
    SearchSource(
        kind="space",
        label=_("Community space"),
        label_plural=_("Community spaces"),
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
        title_field="name",
        url=lambda s: s.get_absolute_url(),
        stored_vector=True,
    ),
]
