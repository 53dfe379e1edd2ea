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
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import linebreaks
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from committees.meeting_selectors import calendar_meetings, published_meetings
from committees.models import AgendaItem, Committee, CommunitySpace
from kouvola_alue.feeds import PortalFeed
from kouvola_alue.i18n import localized
from kouvola_alue.pagecache import cached_download
from kouvola_alue.publisher import tag_uri
from kouvola_alue.streaming import chunked

PRODID = "-//Kouvolan kaupunki//Aluetoimikunnat//FI"
FEED_SIZE = 50


def _summary(meeting):
    summary = str(meeting.display_title)
    if meeting.is_cancelled:
        summary = _("Cancelled: %(meeting)s") % {"meeting": summary}
    return summary


def _words():
    """The description's labels, translated once a calendar rather than once a meeting."""
    return {"place": _("Place"), "agenda": _("Agenda"), "online": _("Online link")}


def _description(meeting, url, words=None):
    """
    The place and the agenda's item titles in the text itself: calendar programs show the
    description but not ``URL``, and many not ``LOCATION`` either.
    """
    words = words or _words()
    parts = []
    place = meeting.place
    if place:
        parts.append(f"{words['place']}: {place}")
    items = [f"§ {item.number} {item.display_title}" for item in meeting.items.all()]
    agenda = "\n".join(items) or localized(meeting, "agenda").strip()
    if agenda:
        parts.append(f"{words['agenda']}:\n{agenda}")
    if meeting.online_url:
        parts.append(f"{words['online']}: {meeting.online_url}")
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


def calendar_head(name):
    """The calendar's own properties, as icalendar writes them, without its END line."""
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
    return calendar.to_ical().decode().removesuffix("END:VCALENDAR\r\n")


_ICAL_SPECIAL = re.compile(r"[\\;,\r\n]")


def ical_text(value):
    """A TEXT value escaped as RFC 5545 §3.3.11 (and icalendar) asks."""
    value = str(value)
    if _ICAL_SPECIAL.search(value) is None:
        return value
    return (
        value.replace(r"\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", r"\;")
        .replace(",", r"\,")
        .replace("\r\n", r"\n")
        .replace("\n", r"\n")
        .replace("\r", r"\n")
    )


def ical_line(line):
    """
    One content line, folded at 75 octets (RFC 5545 §3.1) exactly as icalendar folds it, so the
    bytes (and the ETag) are those icalendar would write, without its cost per character:
    pieces of at most 74 octets, never inside a UTF-8 character, and never splitting a
    backslash escape across the fold (icalendar issue #1501).
    """
    data = line.encode()
    if len(data) < 75:
        return line + "\r\n"
    pieces, start = [], 0
    while len(data) - start >= 75:
        end = start + 74
        while data[end] & 0xC0 == 0x80:  # inside a character: fold before it
            end -= 1
        if data[end - 1] in b"\\^":
            end -= 1
        pieces.append(data[start:end])
        start = end
    pieces.append(data[start:])
    return b"\r\n ".join(pieces).decode() + "\r\n"


def _utc(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def meeting_event(meeting, url, helsinki, words=None):
    """One meeting as a VEVENT, its properties in icalendar's order."""
    place = meeting.place
    lines = [
        "BEGIN:VEVENT",
        f"SUMMARY:{ical_text(_summary(meeting))}",
        f"DTSTART;TZID={settings.TIME_ZONE}:{meeting.starts_at.astimezone(helsinki):%Y%m%dT%H%M%S}",
        f"DTEND;TZID={settings.TIME_ZONE}:{meeting.ends_at.astimezone(helsinki):%Y%m%dT%H%M%S}",
        f"DTSTAMP:{_utc(meeting.updated_at)}",
        f"UID:{ical_text(meeting.uid)}",
        f"SEQUENCE:{meeting.sequence}",
        f"CATEGORIES:{ical_text(meeting.committee.name)}",
        f"CREATED:{_utc(meeting.created_at)}",
        f"DESCRIPTION:{ical_text(_description(meeting, url, words))}",
        f"LAST-MODIFIED:{_utc(meeting.updated_at)}",
    ]
    if place:
        lines.append(f"LOCATION:{ical_text(place)}")
    lines += [
        f"STATUS:{'CANCELLED' if meeting.is_cancelled else 'CONFIRMED'}",
        f"URL:{url}",
        "END:VEVENT",
    ]
    return "".join(ical_line(line) for line in lines)


# Meetings read from the database at a time: the file is written as they come, so a worker's
# memory stays the same however many meetings the window holds.
CALENDAR_CHUNK = 500
# What an event shows of a meeting, its committee and its space: a calendar of 1,700 meetings
# (×100) built every meeting with its committee and space as three objects of every column.
_EVENT_FIELDS = (
    "committee_id",
    "space_id",
    "title",
    "title_en",
    "starts_at",
    "ends_at",
    "address",
    "online_url",
    "agenda",
    "agenda_en",
    "is_cancelled",
    "sequence",
    "created_at",
    "updated_at",
)


def calendar_pieces(request, meetings, name):
    """
    An RFC 5545 calendar of ``meetings`` in Helsinki time, with its VTIMEZONE, as text pieces
    to stream: the head, one piece per meeting, the zone (from the earliest year shown) last.
    """
    helsinki = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    yield calendar_head(name)
    # One reverse() for all the meetings' addresses: the pk is the only part that changes.
    marker = 999999999
    pattern = request.build_absolute_uri(reverse("meetings:detail", kwargs={"pk": marker}))
    before, after = pattern.split(str(marker))
    first_year = timezone.localdate().year
    # The item titles, committees and spaces of the meetings read at a time, one query each per
    # piece: a committee or a space is one object however many of its meetings the piece holds.
    items = AgendaItem.objects.order_by("number").only("meeting_id", "number", "title", "title_en")
    committees = Committee.objects.only("name", "name_en")
    spaces = CommunitySpace.objects.only("name", "name_en", "address")
    meetings = (
        meetings.select_related(None)
        .only(*_EVENT_FIELDS)
        .prefetch_related(
            Prefetch("items", queryset=items),
            Prefetch("committee", queryset=committees),
            Prefetch("space", queryset=spaces),
        )
    )
    words = _words()
    for meeting in meetings.iterator(chunk_size=CALENDAR_CHUNK):
        yield meeting_event(meeting, f"{before}{meeting.pk}{after}", helsinki, words)
        first_year = min(first_year, meeting.starts_at.astimezone(helsinki).year)
    # An empty calendar still names its zone, so apps show later events in Helsinki time.
    yield vtimezone(settings.TIME_ZONE, first_year=first_year - 1).to_ical().decode()
    yield "END:VCALENDAR\r\n"


def calendar_response(calendar, filename):
    """A calendar (an icalendar.Calendar, or text pieces to stream) as a download."""
    if isinstance(calendar, icalendar.Calendar):
        response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    else:
        response = StreamingHttpResponse(
            chunked(calendar), content_type="text/calendar; charset=utf-8"
        )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=900"
    return response


@require_safe
@cached_download("meetings")
def all_meetings_ics(request):
    pieces = calendar_pieces(
        request, calendar_meetings(), _("Meetings of Kouvola's area committees")
    )
    return calendar_response(pieces, "aluetoimikunnat.ics")


@require_safe
@cached_download("meetings", "committee:{slug}")
def committee_meetings_ics(request, slug):
    committee = get_object_or_404(Committee, slug=slug)
    pieces = calendar_pieces(
        request,
        calendar_meetings(committee=committee),
        _("Meetings: %(committee)s") % {"committee": committee.display_name},
    )
    return calendar_response(pieces, f"{committee.slug}.ics")


class MeetingFeed(PortalFeed):
    """The latest published meetings, newest announcement first."""

    cache_scopes = ("meetings",)

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
