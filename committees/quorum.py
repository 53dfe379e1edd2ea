"""
The quorum (päätösvaltaisuus): the one rule, asked by the minutes, the admin and whatever
counts expected attendance. It takes counts, not rows, so that recorded and expected
attendance are judged alike.
"""

from dataclasses import dataclass

from django.utils.translation import gettext

from committees.models import Committee


@dataclass(frozen=True)
class Quorum:
    seats: int  # the members of the term on the meeting day
    needed: int  # how many of them (or their substituting deputies) the rule asks for
    counted: int  # members present or remote, and deputies substituting for their member

    @property
    def reached(self):
        return self.seats > 0 and self.counted >= self.needed

    @property
    def statement(self):
        """The quorum in words, as the minutes' § 2 and the admin say it."""
        values = {"counted": self.counted, "seats": self.seats, "needed": self.needed}
        if self.reached:
            return (
                gettext(
                    "Quorate: %(counted)d of %(seats)d members or their deputies present "
                    "(%(needed)d needed)."
                )
                % values
            )
        return (
            gettext(
                "Not quorate: %(counted)d of %(seats)d members or their deputies present "
                "(%(needed)d needed)."
            )
            % values
        )


def quorum_of(*, committee, seats, counted):
    """
    The quorum of a meeting of ``committee`` with ``seats`` members, ``counted`` of whom
    are present (in person or remotely) or substituted by their personal deputy. By the
    committee's rule: more than half of the members (the default), at least half, or a set
    number.
    """
    rule = committee.quorum_rule
    if rule == Committee.QuorumRule.FIXED and committee.quorum_minimum:
        needed = committee.quorum_minimum
    elif rule == Committee.QuorumRule.HALF:
        needed = (seats + 1) // 2
    else:
        needed = seats // 2 + 1
    return Quorum(seats=seats, needed=needed, counted=counted)
