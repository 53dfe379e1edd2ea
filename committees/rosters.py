"""
The rules a committee's roster for one term must keep, checked over a set of memberships.

Applied by ``committees.services`` (every write of a roster goes through it) and read by the
pages that show a roster as incomplete. The single-row rules live in ``Membership.clean``
and the database constraints.
"""

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from committees.models import Membership


def _holds_seat(membership, term, day):
    # An ended seat is no longer held on its end date: a successor may start that day.
    start = membership.starts_on or term.starts_on
    return start <= day and (membership.ends_on is None or day < membership.ends_on)


def _appointment_days(term, memberships):
    # Counts only grow on the day someone takes a seat, so those are the days to check.
    days = {term.starts_on}
    days.update(m.starts_on for m in memberships if m.starts_on)
    return sorted(day for day in days if term.contains(day))


def roster_errors(term, memberships):
    """
    Messages for every rule the memberships of one committee in ``term`` break.

    A resignation (an end date) is never refused: the rules limit appointments, so they are
    checked on each day someone takes a seat.
    """
    errors = []
    for day in _appointment_days(term, memberships):
        seated = [m for m in memberships if _holds_seat(m, term, day)]
        members = sum(m.kind == Membership.Kind.MEMBER for m in seated)
        deputies = len(seated) - members
        when = date_format(day)
        if members > term.max_members:
            errors.append(
                ngettext(
                    "On %(day)s the committee would have %(count)d members; the term "
                    "allows at most %(max)d member.",
                    "On %(day)s the committee would have %(count)d members; the term "
                    "allows at most %(max)d members.",
                    term.max_members,
                )
                % {"day": when, "count": members, "max": term.max_members}
            )
        if deputies > members:
            errors.append(
                _(
                    "On %(day)s the committee would have %(deputies)d deputy members but only "
                    "%(members)d members; there can be at most as many deputies as members."
                )
                % {"day": when, "deputies": deputies, "members": members}
            )
        if errors:
            break
    return errors


def seated_member_count(memberships):
    return sum(m.kind == Membership.Kind.MEMBER and not m.has_ended for m in memberships)


def is_incomplete(term, memberships):
    """Fewer members than the term's minimum: shown, never refused."""
    return seated_member_count(memberships) < term.min_members


def incomplete_warning(committee, term, memberships):
    """The clerk's warning when ``memberships`` leave the roster incomplete, else None."""
    if not is_incomplete(term, memberships):
        return None
    return _(
        "The roster of %(committee)s for %(term)s is incomplete: it has fewer than %(min)d members."
    ) % {"committee": committee, "term": term, "min": term.min_members}
