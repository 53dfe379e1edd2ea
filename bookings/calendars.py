"""
A space's busy times as an iCalendar subscription: meetings held there and approved bookings,
each only as "booked" unless it is a meeting or its booker chose to publish a title. The same
conventions as the meeting calendars (committees/calendars.py): a VTIMEZONE by RRULE, tag
UIDs, a bounded window, a cached body with an ETag.
"""

import datetime
import zoneinfo

import icalendar
from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from bookings.selectors import busy_times
from committees.calendars import PRODID, calendar_response, vtimezone
from committees.meeting_selectors import CALENDAR_FUTURE_DAYS, CALENDAR_PAST_DAYS
from committees.models import CommunitySpace
from kouvola_alue.pagecache import cached_download
from kouvola_alue.publisher import tag_uri


@require_safe
@cached_download("space:{pk}", "meetings")
def busy_ics(request, pk):
    space = get_object_or_404(CommunitySpace, pk=pk)
    now = timezone.now()
    # Whole days, so that the body (and its ETag) stays the same through the day.
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    busy = busy_times(
        [space.pk],
        today - datetime.timedelta(days=CALENDAR_PAST_DAYS),
        today + datetime.timedelta(days=CALENDAR_FUTURE_DAYS),
        with_titles=True,
    )[space.pk]
    helsinki = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Booked: %(space)s") % {"space": space.name})
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", datetime.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    url = request.build_absolute_uri(space.get_absolute_url())
    stamp = today.astimezone(datetime.UTC)
    for item in busy:
        event = icalendar.Event()
        event.add("uid", tag_uri(f"tila-{space.pk}-{item.uid}"))
        event.add("dtstamp", stamp)
        event.add("dtstart", item.starts_at.astimezone(helsinki))
        event.add("dtend", item.ends_at.astimezone(helsinki))
        event.add("summary", item.title or _("Booked"))
        # Free/busy only: an opaque event, with no names or purposes.
        event.add("transp", "OPAQUE")
        event.add("class", "PUBLIC")
        event.add("location", f"{space.name}, {space.address}")
        event.add("url", url)
        calendar.add_component(event)
    calendar.add_component(vtimezone(settings.TIME_ZONE, first_year=today.year - 2))
    return calendar_response(calendar, f"tila-{space.pk}-varattu.ics")
