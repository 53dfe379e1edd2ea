"""Writes to committees' rosters. Every path that seats someone goes through here."""

from django.db import transaction

from committees.models import Committee, Membership
from committees.rosters import validate_roster


def lock_roster(committee_id):
    """
    Lock the committee's row until the transaction ends, so that whoever checks and changes
    its roster next waits for this change: two clerks filling the last seat at the same
    moment cannot both succeed. Outside a transaction there is nothing to hold the lock.
    """
    if transaction.get_connection().in_atomic_block:
        Committee.objects.select_for_update().filter(pk=committee_id).first()


@transaction.atomic
def membership_create(
    *,
    committee,
    term,
    person,
    kind=Membership.Kind.MEMBER,
    role=Membership.Role.MEMBER,
    personal_deputy_of=None,
    starts_on=None,
):
    """
    Seat ``person`` on ``committee`` for ``term`` after checking the roster rules.

    The committee's row is locked first, so that two clerks (or two admin actions) filling
    the last seat at the same moment cannot both succeed. Raises ``ValidationError`` with a
    message a clerk can act on.
    """
    lock_roster(committee.pk)
    membership = Membership(
        committee=committee,
        term=term,
        person=person,
        kind=kind,
        role=role,
        personal_deputy_of=personal_deputy_of,
        starts_on=starts_on,
    )
    membership.full_clean()
    roster = list(Membership.objects.filter(committee=committee, term=term))
    validate_roster(term, [*roster, membership])
    membership.save()
    return membership
