"""Reads of committees and rosters shared by the public views."""

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from committees.models import Committee, Membership, Term
from committees.models.terms import current_term_of
from committees.rosters import is_incomplete


@dataclass
class RosterRow:
    member: Membership
    personal_deputies: list = field(default_factory=list)


@dataclass
class Roster:
    term: Term
    members: list
    deputies_without_member: list
    former: list
    incomplete: bool
    has_attendance: bool = False

    @property
    def is_empty(self):
        return not (self.members or self.deputies_without_member or self.former)

    @property
    def has_demo_people(self):
        rows = [r.member for r in self.members] + self.deputies_without_member + self.former
        rows += [d for r in self.members for d in r.personal_deputies]
        return any(m.person.is_demo for m in rows)


def committee_list():
    return Committee.objects.order_by("order", "name")


def roster_for(committee, term):
    """
    The committee's roster in ``term``: members (chair first) each with their personal
    deputy, deputies who stand in for no one member, and seats that ended early.
    """
    memberships = list(
        Membership.objects.roster(committee, term)
        .with_attendance_record()
        .order_by("person__last_name", "person__first_name")
    )
    has_attendance = any(m.meetings_held for m in memberships)
    seated = [m for m in memberships if not m.has_ended]
    former = [m for m in memberships if m.has_ended]
    rows = {
        m.pk: RosterRow(m)
        for m in sorted(seated, key=lambda m: m.role_order)
        if m.kind == Membership.Kind.MEMBER
    }
    unpaired = []
    for deputy in (m for m in seated if m.kind == Membership.Kind.DEPUTY):
        row = rows.get(deputy.personal_deputy_of_id)
        if row:
            row.personal_deputies.append(deputy)
        else:
            unpaired.append(deputy)
    return Roster(
        term=term,
        members=list(rows.values()),
        deputies_without_member=unpaired,
        former=former,
        incomplete=is_incomplete(term, memberships),
        has_attendance=has_attendance,
    )


def _in_terms_of(committee):
    """The rule of ``terms_of``: the terms that ended after the committee began."""
    return Q(ends_on__gte=committee.started_on)


def terms_of(committee):
    """Terms the committee existed in, newest first (the first term began before some did)."""
    return Term.objects.filter(_in_terms_of(committee)).order_by("-starts_on")


@dataclass
class TermSituation:
    current: Term | None
    previous: Term | None
    upcoming: Term | None


def term_situation(*, committee=None):
    """
    The current, previous and upcoming terms. With ``committee``, also ``terms_of(committee)``
    read in the same query: ``(situation, terms)``.
    """
    today = timezone.localdate()
    # Only the terms that can be one of the three, in one query: those not ended, and the one
    # that began last of the ended ones (``previous``) - not every term ever held.
    last_ended = Term.objects.filter(ends_on__lt=today).order_by("-starts_on").values("starts_on")
    wanted = Q(ends_on__gte=today) | Q(starts_on__gte=Subquery(last_ended[:1]))
    if committee is not None:
        wanted |= _in_terms_of(committee)
    terms = list(
        Term.objects.filter(wanted)
        .annotate(of_committee=_in_terms_of(committee) if committee else Value(False))
        .order_by("starts_on")
    )
    # The three judged among these (every term they can be is here, the others do not matter).
    current = current_term_of(terms, today)
    previous = next((t for t in reversed(terms) if t.ends_on < today), None)
    upcoming = next((t for t in terms if t.starts_on > today), None)
    situation = TermSituation(current=current, previous=previous, upcoming=upcoming)
    if committee is None:
        return situation
    return situation, [t for t in reversed(terms) if t.of_committee]


def committees_with_current_counts(term):
    """
    The committees, each with ``seated_member_count`` in ``term`` (0 without a term): counted
    by the database in the committees' own query, not read as a membership object a seat.
    """
    if term is None:
        return committee_list().annotate(seated_member_count=Value(0))
    seats = (
        Membership.objects.filter(term=term, committee=OuterRef("pk"))
        .seated()
        .members()
        .order_by()
        .values("committee")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return committee_list().annotate(seated_member_count=Coalesce(Subquery(seats), 0))
