"""
Meetings for subscribers: iCalendar (RFC 5545) per committee and for all committees, and
Atom feeds through Django's syndication framework.
"""

import datetime
import zoneinfo

import icalendar
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.html import linebreaks
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from committees.meeting_selectors import calendar_meetings, published_meetings
from committees.models import Committee

PRODID = "-//Kouvolan kaupunki//Aluetoimikunnat//FI"
FEED_SIZE = 50


def _summary(meeting):
    summary = str(meeting.display_title)
    if meeting.is_cancelled:
        summary = _("Cancelled: %(meeting)s") % {"meeting": summary}
    return summary


def _description(meeting, url):
    parts = []
    if meeting.agenda.strip():
        parts.append(f"{_('Agenda')}:\n{meeting.agenda.strip()}")
    if meeting.online_url:
        parts.append(f"{_('Online link')}: {meeting.online_url}")
    parts.append(url)
    return "\n\n".join(parts)


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
    first = last = None
    for meeting in meetings:
        url = request.build_absolute_uri(meeting.get_absolute_url())
        event = icalendar.Event()
        event.add("uid", meeting.uid)
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
        first = min(first or meeting.starts_at, meeting.starts_at)
        last = max(last or meeting.ends_at, meeting.ends_at)
    if first is not None:
        # Whole years around the events, so the zone's rules start at a clean boundary.
        calendar.add_missing_timezones(
            first_date=datetime.date(first.year - 1, 1, 1),
            last_date=datetime.date(last.year + 2, 1, 1),
        )
    else:
        # An empty calendar still names its zone, so apps show later events in Helsinki time.
        year = timezone.localdate().year
        calendar.add_component(
            icalendar.Timezone.from_tzinfo(
                helsinki,
                tzid=settings.TIME_ZONE,
                first_date=datetime.date(year - 1, 1, 1),
                last_date=datetime.date(year + 2, 1, 1),
            )
        )
    return calendar


def calendar_response(calendar, filename):
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=900"
    return response


@require_safe
def all_meetings_ics(request):
    calendar = build_calendar(
        request, calendar_meetings(), _("Meetings of Kouvola's area committees")
    )
    return calendar_response(calendar, "aluetoimikunnat.ics")


@require_safe
def committee_meetings_ics(request, slug):
    committee = get_object_or_404(Committee, slug=slug)
    calendar = build_calendar(
        request,
        calendar_meetings(committee=committee),
        _("Meetings: %(committee)s") % {"committee": committee.display_name},
    )
    return calendar_response(calendar, f"{committee.slug}.ics")


@method_decorator(require_safe, name="__call__")
class MeetingFeed(Feed):
    """The latest published meetings, newest announcement first."""

    feed_type = Atom1Feed

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
            meeting.agenda.strip(),
        ]
        if meeting.has_minutes:
            lines.append(_("The minutes are available."))
        # Atom carries the summary as HTML: the staff's plain text is escaped first.
        return linebreaks("\n\n".join(line for line in lines if line), autoescape=True)

    def item_guid(self, meeting):
        return f"tag:aluetoimikunnat.kouvola.fi,2026:kokous-{meeting.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, meeting):
        return meeting.created_at

    def item_updateddate(self, meeting):
        return meeting.updated_at

    def item_categories(self, meeting):
        return [meeting.committee.name]
