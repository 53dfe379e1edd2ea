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


# --- Meetings -----------------------------------------------------------------------------------

# What a change to is worth telling calendar apps about; bookkeeping fields are not.
_MEETING_BOOKKEEPING = {"id", "sequence", "created_at", "updated_at"}


@transaction.atomic
def meeting_save(*, meeting):
    """
    Save a new or changed ``meeting``. When a saved meeting changes, its revision
    (iCalendar ``SEQUENCE``) grows by one, so that subscribed calendars replace their copy
    (RFC 5546 §2.1.4); saving it unchanged leaves the revision as it was. The stored row is
    locked while compared, so two clerks saving at once both count.
    """
    # Imported here: the roster functions above own this module's import block.
    from committees.models import Meeting

    if meeting.pk is not None:
        stored = Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        fields = [f for f in Meeting._meta.concrete_fields if f.name not in _MEETING_BOOKKEEPING]
        if stored is not None:
            changed = any(
                f.value_from_object(stored) != f.value_from_object(meeting) for f in fields
            )
            meeting.sequence = stored.sequence + 1 if changed else stored.sequence
    meeting.save()
    return meeting


@transaction.atomic
def meetings_set_published(*, meetings, published):
    """Publish or unpublish ``meetings`` (a queryset); each one that changes gets a new revision."""
    from django.db.models import F
    from django.utils import timezone

    return meetings.exclude(is_published=published).update(
        is_published=published, sequence=F("sequence") + 1, updated_at=timezone.now()
    )
