"""
Meetings for subscribers: iCalendar (RFC 5545) per committee and for all committees, and
Atom feeds through Django's syndication framework.
"""

import datetime
import functools
import importlib.resources
import pathlib
import re
import zoneinfo

import icalendar
from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import linebreaks
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from committees.meeting_selectors import calendar_meetings, published_meetings
from committees.models import AgendaItem, Committee
from kouvola_alue.conditional import conditional_download
from kouvola_alue.feeds import PortalFeed
from kouvola_alue.i18n import localized
from kouvola_alue.pagecache import cached_download
from kouvola_alue.publisher import tag_uri

PRODID = "-//Kouvolan kaupunki//Aluetoimikunnat//FI"
FEED_SIZE = 50


def _summary(meeting):
    summary = str(meeting.display_title)
    if meeting.is_cancelled:
        summary = _("Cancelled: %(meeting)s") % {"meeting": summary}
    return summary


def _description(meeting, url):
    """
    The place and the agenda's item titles in the text itself: calendar programs show the
    description but not ``URL``, and many not ``LOCATION`` either.
    """
    parts = []
    if meeting.place:
        parts.append(f"{_('Place')}: {meeting.place}")
    items = [f"§ {item.number} {item.display_title}" for item in meeting.items.all()]
    agenda = "\n".join(items) or localized(meeting, "agenda").strip()
    if agenda:
        parts.append(f"{_('Agenda')}:\n{agenda}")
    if meeting.online_url:
        parts.append(f"{_('Online link')}: {meeting.online_url}")
    parts.append(url)
    return "\n\n".join(parts)


# --- VTIMEZONE --------------------------------------------------------------------------------

# A POSIX TZ rule as the tz database ends each zone file with: "EET-2EEST,M3.5.0/3,M10.5.0/4".
_NAME = r"(?:<[^>]+>|[A-Za-z]{3,})"
_OFFSET = r"[+-]?\d{1,2}(?::\d{2}){0,2}"
_WHEN = r"M(\d{1,2})\.([1-5])\.([0-6])(?:/(\d{1,2}(?::\d{2}){0,2}))?"
_POSIX_TZ = re.compile(
    rf"^(?P<std>{_NAME})(?P<std_offset>{_OFFSET})"
    rf"(?:(?P<dst>{_NAME})(?P<dst_offset>{_OFFSET})?,(?P<start>{_WHEN}),(?P<end>{_WHEN}))?$"
)
_ICAL_DAYS = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]


@functools.cache
def _posix_rule(key):
    """The rule in force now for zone ``key``: the footer of its TZif file (RFC 8536 §3.3)."""
    for root in zoneinfo.TZPATH:
        path = pathlib.Path(root, key)
        if path.is_file():
            data = path.read_bytes()
            break
    else:
        data = importlib.resources.files("tzdata").joinpath("zoneinfo", key).read_bytes()
    # A version 1 file has no footer: whatever is decoded then matches no rule.
    return data.rstrip(b"\n").rsplit(b"\n", 1)[-1].decode("ascii", errors="replace")


def _hms(text, sign=1):
    negative = text.startswith("-")
    parts = [int(p) for p in text.lstrip("+-").split(":")] + [0, 0]
    delta = datetime.timedelta(hours=parts[0], minutes=parts[1], seconds=parts[2])
    return -sign * delta if negative else sign * delta


def _transition(year, rule):
    """The local date and time in ``year`` of a POSIX ``Mm.w.d/time`` rule, and its RRULE."""
    month, week, weekday, time = re.fullmatch(_WHEN, rule).groups()
    first = datetime.date(year, int(month), 1)
    # POSIX counts weekdays from Sunday (0), Python from Monday (0).
    day = first + datetime.timedelta(days=(int(weekday) - first.isoweekday()) % 7)
    nth = int(week)
    if nth == 5:
        while (day + datetime.timedelta(days=7)).month == day.month:
            day += datetime.timedelta(days=7)
    else:
        day += datetime.timedelta(days=7 * (nth - 1))
    at = datetime.datetime.combine(day, datetime.time()) + _hms(time or "2")
    ordinal = -1 if nth == 5 else nth
    return at, {
        "freq": "yearly",
        "bymonth": int(month),
        "byday": f"{ordinal}{_ICAL_DAYS[int(weekday)]}",
    }


def vtimezone(key, *, first_year):
    """
    A VTIMEZONE for ``key`` whose daylight saving changes recur by RRULE, from ``first_year``.

    icalendar (7.x) writes each change as an RDATE for the years it is told; Outlook shifts
    events in such zones. The tz database ends each zone with the rule in force now as a
    POSIX TZ string (Europe/Helsinki: the EU's last Sundays of March and October, in force
    since 1996), which maps directly onto RRULEs. A zone whose rule is not of that form falls
    back to icalendar's RDATEs.
    """
    match = _POSIX_TZ.match(_posix_rule(key))
    if match is None:
        return icalendar.Timezone.from_tzinfo(
            zoneinfo.ZoneInfo(key),
            tzid=key,
            first_date=datetime.date(first_year, 1, 1),
            last_date=datetime.date(timezone.localdate().year + 5, 1, 1),
        )
    tz = icalendar.Timezone()
    tz.add("tzid", key)
    # POSIX offsets count hours west of Greenwich; iCalendar's east of it.
    standard = _hms(match["std_offset"], sign=-1)
    if not match["dst"]:
        component = icalendar.TimezoneStandard()
        component.add("tzname", match["std"].strip("<>"))
        component.add("tzoffsetfrom", standard)
        component.add("tzoffsetto", standard)
        component.add("dtstart", datetime.datetime(first_year, 1, 1))
        tz.add_component(component)
        return tz
    daylight = (
        _hms(match["dst_offset"], sign=-1)
        if match["dst_offset"]
        else standard + datetime.timedelta(hours=1)
    )
    changes = [
        (icalendar.TimezoneDaylight(), match["dst"], standard, daylight, match["start"]),
        (icalendar.TimezoneStandard(), match["std"], daylight, standard, match["end"]),
    ]
    for component, name, offset_from, offset_to, rule in changes:
        # DTSTART is the local time before the change, as RFC 5545 §3.6.5 reads it.
        onset, rrule = _transition(first_year, rule)
        component.add("tzname", name.strip("<>"))
        component.add("tzoffsetfrom", offset_from)
        component.add("tzoffsetto", offset_to)
        component.add("dtstart", onset)
        component.add("rrule", rrule)
        tz.add_component(component)
    return tz


# --- Calendars ----------------------------------------------------------------------------------


def build_calendar(request, meetings, name):
    """An RFC 5545 calendar of ``meetings`` in Helsinki time, with its VTIMEZONE."""
    helsinki = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    # Calendar apps poll a subscription; once every few hours is plenty for meetings.
    calendar.add("refresh-interval", datetime.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    first_year = timezone.localdate().year
    # The item titles of all the meetings in one query.
    items = AgendaItem.objects.order_by("number").only("meeting_id", "number", "title", "title_en")
    for meeting in meetings.prefetch_related(Prefetch("items", queryset=items)):
        url = request.build_absolute_uri(meeting.get_absolute_url())
        event = icalendar.Event()
        event.add("uid", meeting.uid)
        # Calendar apps replace their copy of an event only when SEQUENCE grows (RFC 5546).
        event.add("sequence", meeting.sequence)
        event.add("dtstamp", meeting.updated_at.astimezone(datetime.UTC))
        event.add("last-modified", meeting.updated_at.astimezone(datetime.UTC))
        event.add("created", meeting.created_at.astimezone(datetime.UTC))
        event.add("dtstart", meeting.starts_at.astimezone(helsinki))
        event.add("dtend", meeting.ends_at.astimezone(helsinki))
        event.add("summary", _summary(meeting))
        event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
        if meeting.place:
            event.add("location", meeting.place)
        event.add("description", _description(meeting, url))
        event.add("url", url)
        event.add("categories", [meeting.committee.name])
        calendar.add_component(event)
        first_year = min(first_year, timezone.localtime(meeting.starts_at).year)
    # An empty calendar still names its zone, so apps show later events in Helsinki time.
    calendar.add_component(vtimezone(settings.TIME_ZONE, first_year=first_year - 1))
    return calendar


def calendar_response(calendar, filename):
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=900"
    return response


@require_safe
@conditional_download
@cached_download
def all_meetings_ics(request):
    calendar = build_calendar(
        request, calendar_meetings(), _("Meetings of Kouvola's area committees")
    )
    return calendar_response(calendar, "aluetoimikunnat.ics")


@require_safe
@conditional_download
@cached_download
def committee_meetings_ics(request, slug):
    committee = get_object_or_404(Committee, slug=slug)
    calendar = build_calendar(
        request,
        calendar_meetings(committee=committee),
        _("Meetings: %(committee)s") % {"committee": committee.display_name},
    )
    return calendar_response(calendar, f"{committee.slug}.ics")


class MeetingFeed(PortalFeed):
    """The latest published meetings, newest announcement first."""

    def feed_id(self, committee):
        return f"kokoukset-{committee.slug}" if committee else "kokoukset"

    def get_object(self, request, slug=None):
        return get_object_or_404(Committee, slug=slug) if slug else None

    def title(self, committee):
        if committee:
            return _("Meetings: %(committee)s") % {"committee": committee.display_name}
        return _("Meetings of Kouvola's area committees")

    def subtitle(self, committee):
        return _("Times, places, agendas and minutes of the area committees' meetings.")

    def link(self, committee):
        if committee:
            return committee.get_absolute_url()
        return reverse("meetings:list")

    def items(self, committee):
        meetings = published_meetings().order_by("-starts_at", "-pk")
        if committee:
            meetings = meetings.filter(committee=committee)
        return meetings[:FEED_SIZE]

    def item_title(self, meeting):
        start = timezone.localtime(meeting.starts_at)
        return f"{_summary(meeting)} {date_format(start, 'SHORT_DATETIME_FORMAT')}"

    def item_description(self, meeting):
        start = timezone.localtime(meeting.starts_at)
        end = timezone.localtime(meeting.ends_at)
        lines = [
            f"{date_format(start, 'SHORT_DATETIME_FORMAT')}–{date_format(end, 'TIME_FORMAT')}",
            meeting.place,
            localized(meeting, "agenda").strip(),
        ]
        if meeting.has_minutes:
            lines.append(_("The minutes are available."))
        # Atom carries the summary as HTML: the staff's plain text is escaped first.
        return linebreaks("\n\n".join(line for line in lines if line), autoescape=True)

    def item_guid(self, meeting):
        return tag_uri(f"kokous-{meeting.pk}")

    def item_pubdate(self, meeting):
        return meeting.created_at

    def item_updateddate(self, meeting):
        return meeting.updated_at

    def item_categories(self, meeting):
        return [meeting.committee.name]
