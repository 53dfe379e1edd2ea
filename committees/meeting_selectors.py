"""Reads of meetings and community spaces shared by the pages, calendars, feeds and open data."""

import datetime

from django.utils import timezone

from committees.models import CommunitySpace, Meeting

# How far back the calendars reach: the past twelve months, what a calendar program shows of a
# subscription's history; older meetings stay on the portal's pages, not in every poll.
CALENDAR_PAST_DAYS = 366
# ...and forward: two years of announced meetings (every meeting a committee plans), so a
# subscription stays a bounded file however many years of meetings the portal holds.
CALENDAR_FUTURE_DAYS = 730


def published_meetings():
    return Meeting.objects.published().with_place()


def upcoming_meetings(*, committee=None, limit=None):
    meetings = published_meetings().upcoming()
    if committee is not None:
        meetings = meetings.filter(committee=committee)
    return meetings[:limit] if limit else meetings


def past_meetings(*, committee=None, limit=None):
    meetings = published_meetings().past()
    if committee is not None:
        meetings = meetings.filter(committee=committee)
    return meetings[:limit] if limit else meetings


def calendar_meetings(*, committee=None):
    """The published meetings a calendar subscription carries: the past year, two ahead."""
    now = timezone.now()
    meetings = published_meetings().filter(
        ends_at__gte=now - datetime.timedelta(days=CALENDAR_PAST_DAYS),
        starts_at__lte=now + datetime.timedelta(days=CALENDAR_FUTURE_DAYS),
    )
    meetings = meetings.order_by("starts_at", "pk")
    if committee is not None:
        meetings = meetings.filter(committee=committee)
    return meetings


def spaces_of(committee):
    return CommunitySpace.objects.filter(committee=committee).order_by("order", "name")


def all_spaces():
    return CommunitySpace.objects.select_related("committee")
