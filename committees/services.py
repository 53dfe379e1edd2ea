"""
Writes to committees' rosters. Every path that seats someone or changes a seat goes through
here: the admin's membership form and the committee page's roster rows, the selection of an
applicant, the seed. The roster is locked and its rules checked in ``roster_validate`` only.
(The scheduled erasure of members' e-mail addresses is declared in committees/personal_data.py.)
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from committees import events
from committees.models import Committee, Membership
from committees.rosters import roster_errors
from kouvola_alue import cachescopes


def _lock_roster(committee_id):
    """
    Lock the committee's row until the transaction ends, so that whoever checks and changes
    its roster next waits for this change: two clerks filling the last seat at the same
    moment cannot both succeed. Outside a transaction there is nothing to hold the lock.
    """
    if committee_id and transaction.get_connection().in_atomic_block:
        Committee.objects.select_for_update().filter(pk=committee_id).first()


def roster_validate(*, committee, changed=(), removed=()):
    """
    Lock ``committee``'s roster and judge each term it touches as it will be once
    ``changed`` memberships (new or edited, not yet saved) are saved and ``removed`` ones
    deleted. Raises ``ValidationError`` with messages a clerk can act on.

    A form that must show the errors before anything is saved (the admin's) calls this while
    validating, inside the transaction that saves; the lock then holds until the save, which
    goes through ``membership_create``, ``membership_update`` or ``roster_save`` and is
    judged again.
    """
    _lock_roster(committee.pk)
    rosters = defaultdict(list)
    # A removal counts too: without a member, the deputies may outnumber the members.
    terms = {m.term_id: m.term for m in [*changed, *removed]}
    for membership in changed:
        rosters[membership.term_id].append(membership)
    if not terms:
        return
    replaced = {m.pk for m in [*changed, *removed] if m.pk}
    if committee.pk:
        stored = Membership.objects.filter(committee=committee, term__in=list(terms)).exclude(
            pk__in=replaced
        )
        for membership in stored.select_related("term"):
            rosters[membership.term_id].append(membership)
    errors = []
    for term_id, term in terms.items():
        memberships = rosters[term_id]
        errors += [
            _("Term %(term)s: %(error)s") % {"term": term, "error": message}
            for message in roster_errors(term, memberships)
        ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def roster_save(*, committee, memberships=(), removed=()):
    """
    Save several memberships of ``committee`` and delete ``removed`` as one change, judged as
    a whole (the committee page's roster rows: two people trading member and deputy seats in
    a full roster is allowed, though either change alone would not be).
    """
    for membership in memberships:
        membership.full_clean()
    roster_validate(committee=committee, changed=memberships, removed=removed)
    for membership in removed:
        membership.delete()
    for membership in memberships:
        membership.save()
    cachescopes.forget(*committee.cache_scopes())
    return list(memberships)


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
    ends_on=None,
):
    """
    Seat ``person`` on ``committee`` for ``term`` after checking the roster rules.

    The committee's row is locked first, so that two clerks (or two admin actions) filling
    the last seat at the same moment cannot both succeed. Raises ``ValidationError`` with a
    message a clerk can act on.
    """
    membership = Membership(
        committee=committee,
        term=term,
        person=person,
        kind=kind,
        role=role,
        personal_deputy_of=personal_deputy_of,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    (membership,) = roster_save(committee=committee, memberships=[membership])
    return membership


@transaction.atomic
def membership_update(*, membership, **changes):
    """
    Change a seat (``changes`` are field values: ``ends_on`` for a resignation, ``kind``,
    ``role``, …) under the same rules and lock as ``membership_create``.
    """
    for name, value in changes.items():
        setattr(membership, name, value)
    (membership,) = roster_save(committee=membership.committee, memberships=[membership])
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

    stored = None
    if meeting.pk is not None:
        stored = Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        fields = [f for f in Meeting._meta.concrete_fields if f.name not in _MEETING_BOOKKEEPING]
        if stored is not None:
            changed = any(
                f.value_from_object(stored) != f.value_from_object(meeting) for f in fields
            )
            meeting.sequence = stored.sequence + 1 if changed else stored.sequence
    meeting.save()
    _announce_meeting(meeting, stored)
    # A meeting never published shows nowhere; one that was shows where it was, too.
    if meeting.is_published or (stored and stored.is_published):
        cachescopes.forget(*meeting.cache_scopes(), *(stored.cache_scopes() if stored else ()))
    return meeting


def _announce_meeting(meeting, stored):
    """Followers hear of a meeting when it is published, and of its minutes when they come."""
    event = None
    if meeting.is_published and not (stored and stored.is_published):
        event = events.meeting_published
    elif meeting.is_published and meeting.has_minutes and not stored.has_minutes:
        event = events.minutes_published
    if event:
        event.announce(committee_ids=(meeting.committee_id,), object_id=meeting.pk)


@transaction.atomic
def meetings_set_published(*, meetings, published):
    """Publish or unpublish ``meetings`` (a queryset); each one that changes gets a new revision."""
    from django.db.models import F

    changing = meetings.exclude(is_published=published)
    published_now = list(changing.values_list("pk", "committee_id")) if published else []
    shown = changing.select_related("committee")
    cachescopes.forget(*sorted({name for meeting in shown for name in meeting.cache_scopes()}))
    count = changing.update(
        is_published=published, sequence=F("sequence") + 1, updated_at=timezone.now()
    )
    for pk, committee_id in published_now:
        events.meeting_published.announce(committee_ids=(committee_id,), object_id=pk)
    return count
