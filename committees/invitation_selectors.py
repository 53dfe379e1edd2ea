"""
The expected attendance of a meeting: who was invited and what they answered, seat by seat,
and whether the quorum is expected, judged by the one rule (``committees.quorum``).
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from committees.meeting_selectors import meeting_roster
from committees.models import Invitation, Meeting, Membership
from committees.quorum import quorum_of


@dataclass
class Seat:
    """A member's seat: the member's invitation and, once called up, their deputy's."""

    COMING, NOT_COMING, WAITING, NOT_INVITED = "coming", "not_coming", "waiting", "not_invited"

    member: Membership
    invitation: Invitation | None
    deputy_invitation: Invitation | None

    @property
    def state(self):
        Answer = Invitation.Answer
        answers = [i.answer for i in (self.invitation, self.deputy_invitation) if i]
        if Answer.COMING in answers:
            return self.COMING
        if self.invitation is None:
            return self.NOT_INVITED
        if self.invitation.answer == Answer.NONE:
            return self.WAITING
        if self.deputy_invitation and self.deputy_invitation.answer == Answer.NONE:
            return self.WAITING
        return self.NOT_COMING


@dataclass
class ExpectedAttendance:
    seats: list
    quorum: object  # committees.quorum.Quorum with the seats answered "coming" counted

    def count(self, state):
        return sum(1 for seat in self.seats if seat.state == state)

    @property
    def coming(self):
        return self.count(Seat.COMING)

    @property
    def waiting(self):
        return self.count(Seat.WAITING)

    @property
    def not_coming(self):
        return self.count(Seat.NOT_COMING)

    @property
    def not_invited(self):
        return self.count(Seat.NOT_INVITED)

    @property
    def expected(self):
        """Enough seats have answered "coming" for the quorum."""
        return self.quorum.reached

    @property
    def possible(self):
        """The quorum can still be reached if those not answered yet come."""
        return self.quorum.seats > 0 and self.coming + self.waiting >= self.quorum.needed


def expected_attendance(meeting):
    """The ``ExpectedAttendance`` of ``meeting``: each member's seat of its roster."""
    members = [m for m in meeting_roster(meeting) if m.kind == Membership.Kind.MEMBER]
    invitations = list(meeting.invitations.select_related("membership__person"))
    own = {i.membership_id: i for i in invitations if i.stands_in_for_id is None}
    called_up = {i.stands_in_for_id: i for i in invitations if i.stands_in_for_id}
    seats = [Seat(m, own.get(m.pk), called_up.get(m.pk)) for m in members]
    coming = sum(1 for seat in seats if seat.state == Seat.COMING)
    quorum = quorum_of(committee=meeting.committee, seats=len(seats), counted=coming)
    return ExpectedAttendance(seats=seats, quorum=quorum)


def declines_without_deputy(now):
    """
    Members' "cannot come" answers to upcoming meetings after which no deputy was invited:
    the member has no personal deputy on the meeting day, or the deputy has no e-mail address.
    """
    called_up = Invitation.objects.filter(
        meeting_id=OuterRef("meeting_id"), stands_in_for_id=OuterRef("membership_id")
    )
    return (
        Invitation.objects.filter(
            stands_in_for__isnull=True,
            answer=Invitation.Answer.NOT_COMING,
            meeting__starts_at__gt=now,
            meeting__is_cancelled=False,
        )
        .exclude(Exists(called_up))
        .select_related("meeting__committee", "membership__person")
        .order_by("meeting__starts_at", "pk")
    )


def meetings_soon(now, until):
    """Published meetings, not cancelled, starting between ``now`` and ``until``."""
    return (
        Meeting.objects.published()
        .filter(is_cancelled=False, starts_at__gt=now, starts_at__lte=until)
        .select_related("committee")
        .order_by("starts_at", "pk")
    )


def personal_deputy_on_the_day(invitation):
    """The personal deputy of the member of ``invitation`` seated on the meeting day, or None."""
    if invitation.stands_in_for_id is not None:
        return None
    return (
        meeting_roster(invitation.meeting)
        .filter(kind=Membership.Kind.DEPUTY, personal_deputy_of_id=invitation.membership_id)
        .select_related("person")
        .first()
    )
