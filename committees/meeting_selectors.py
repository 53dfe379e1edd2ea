"""Reads of meetings and community spaces shared by the pages, calendars, feeds and open data."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from committees.models import Attendance, CommunitySpace, Meeting, Membership, Term
from committees.models.terms import current_term_of
from committees.quorum import Quorum, quorum_of

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


# --- Meetings as data ---------------------------------------------------------------------------


def meeting_day(meeting):
    return timezone.localtime(meeting.starts_at).date()


def meeting_term(meeting):
    """The term the meeting is held in (the one current on its day), or None between terms."""
    day = meeting_day(meeting)
    return current_term_of(Term.objects.containing(day), day)


def meeting_roster(meeting, *, term=None):
    """
    The members and deputies who hold a seat on the meeting's day: of its committee, in the
    term of that day, not yet resigned (or resigned later) and already started. The people
    whose attendance is recorded, and whom the invitations go to.
    """
    term = term or meeting_term(meeting)
    if term is None:
        return Membership.objects.none()
    day = meeting_day(meeting)
    return (
        Membership.objects.roster(meeting.committee_id, term)
        .filter(Q(starts_on__isnull=True) | Q(starts_on__lte=day))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .order_by("kind", "person__last_name", "person__first_name")
    )


def quorum_from_attendance(meeting, attendances, *, seats):
    """
    The ``Quorum`` of ``meeting`` with ``seats`` members from its recorded ``attendances``
    (rows with their memberships): members present in person or remotely and deputies
    substituting for their member count. None when no attendance is recorded.
    """
    attendances = list(attendances)
    if not attendances:
        return None
    counted = sum(
        1
        for a in attendances
        if (a.membership.kind == Membership.Kind.MEMBER and a.status in Attendance.SEATED)
        or a.status == Attendance.Status.SUBSTITUTING
    )
    return quorum_of(committee=meeting.committee, seats=seats, counted=counted)


def meeting_seats(meeting):
    """How many members hold a seat on the meeting's day: the quorum's base."""
    return meeting_roster(meeting).members().count()


def meeting_quorum(meeting):
    """The meeting's ``Quorum`` by its recorded attendance (None when none is recorded)."""
    attendances = meeting.attendances.select_related("membership")
    return quorum_from_attendance(meeting, attendances, seats=meeting_seats(meeting))


@dataclass
class MeetingRecord:
    """What a meeting's public pages show beyond the meeting itself."""

    items: list
    decisions_public: bool
    present: list = field(default_factory=list)  # members and deputies there in person
    remote: list = field(default_factory=list)
    substituting: list = field(default_factory=list)
    absent: list = field(default_factory=list)
    others: list = field(default_factory=list)
    quorum: Quorum | None = None

    @property
    def has_attendance(self):
        return bool(self.present or self.remote or self.substituting or self.absent)


def meeting_record(meeting):
    """
    The items of a published ``meeting`` with their attachments; once its minutes are
    checked, also the decisions, the attendance, the others present and the quorum. A
    bounded number of queries whatever the number of items or people.
    """
    items = list(meeting.items.order_by("number").prefetch_related("attachments"))
    record = MeetingRecord(items=items, decisions_public=meeting.minutes_published)
    if not meeting.minutes_published:
        return record
    attendances = list(
        meeting.attendances.select_related(
            "membership__person", "substitutes_for__person"
        ).order_by(
            "membership__kind", "membership__person__last_name", "membership__person__first_name"
        )
    )
    for attendance in attendances:
        getattr(record, _GROUPS[attendance.status]).append(attendance)
    # Members before deputies, the chair first: as the minutes list them.
    for group in (record.present, record.remote, record.substituting, record.absent):
        group.sort(
            key=lambda a: (a.membership.kind != Membership.Kind.MEMBER, a.membership.role_order)
        )
    record.others = list(meeting.other_attendees.all())
    if attendances:
        record.quorum = quorum_from_attendance(meeting, attendances, seats=meeting_seats(meeting))
    return record


_GROUPS = {
    Attendance.Status.PRESENT: "present",
    Attendance.Status.REMOTE: "remote",
    Attendance.Status.SUBSTITUTING: "substituting",
    Attendance.Status.ABSENT: "absent",
}
