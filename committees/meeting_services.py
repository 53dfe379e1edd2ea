"""
Writes to a meeting's agenda items, attendance and minutes. The admin, the seed and any view
call these; the rules of attendance are judged in ``attendance_errors`` only.
"""

import functools
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from committees import events
from committees.meeting_selectors import meeting_roster
from committees.models import AgendaItem, Attendance, Meeting, Membership, OtherAttendee
from kouvola_alue import cachescopes

# The standard opening items, in their order: (kind, Finnish title, English title). The titles
# are the Finnish minutes' own words, stored as data, so they are not UI strings.
STANDARD_ITEMS = [
    (AgendaItem.Standard.OPENING, "Kokouksen avaus", "Opening of the meeting"),
    (
        AgendaItem.Standard.QUORUM,
        "Kokouksen laillisuus ja päätösvaltaisuus",
        "Lawfulness and quorum of the meeting",
    ),
    (
        AgendaItem.Standard.CHECKERS,
        "Pöytäkirjantarkastajien valinta",
        "Election of minute checkers",
    ),
    (AgendaItem.Standard.AGENDA, "Esityslistan hyväksyminen", "Approval of the agenda"),
]
STANDARD_PROPOSALS = {
    AgendaItem.Standard.OPENING: ("Puheenjohtaja avaa kokouksen.", "The chair opens the meeting."),
    AgendaItem.Standard.QUORUM: (
        "Todetaan kokous laillisesti koolle kutsutuksi ja päätösvaltaiseksi.",
        "The meeting is declared lawfully convened and quorate.",
    ),
    AgendaItem.Standard.CHECKERS: (
        "Valitaan kaksi pöytäkirjantarkastajaa.",
        "Two minute checkers are elected.",
    ),
    AgendaItem.Standard.AGENDA: (
        "Hyväksytään esityslista kokouksen työjärjestykseksi.",
        "The agenda is approved as the order of business.",
    ),
}


def _forgets(service):
    """
    A write to a meeting's items, attendance or minutes changes what its pages, its
    committee's page (the roster's attendance), the calendars and the linked ideas show:
    their cache scopes are forgotten when the write commits.
    """

    @functools.wraps(service)
    def wrapper(**kwargs):
        result = service(**kwargs)
        meeting = kwargs["meeting"] if "meeting" in kwargs else kwargs["item"].meeting
        cachescopes.forget(*meeting.cache_scopes())
        return result

    return wrapper


# Numbers are moved out of the way before renumbering: (meeting, number) stays unique at
# every step without a deferred constraint (which SQLite lacks).
_RENUMBER_OFFSET = 10000


def _lock_meeting(meeting):
    """Hold the meeting's row: two clerks renumbering at once wait for each other."""
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()


def _renumber(meeting, items):
    """Give ``items`` (all of the meeting's, in their new order) the numbers 1, 2, …"""
    pks = [item.pk for item in items]
    AgendaItem.objects.filter(pk__in=pks).update(number=F("number") + _RENUMBER_OFFSET)
    for number, item in enumerate(items, start=1):
        if item.pk:
            AgendaItem.objects.filter(pk=item.pk).update(number=number)
        item.number = number
    _touch(meeting)


def _touch(meeting):
    """A change of the agenda is a change of the meeting for calendars (item titles)."""
    Meeting.objects.filter(pk=meeting.pk).update(
        sequence=F("sequence") + 1, updated_at=timezone.now()
    )


@_forgets
@transaction.atomic
def agenda_add_standard_items(*, meeting):
    """
    Put the standard opening items (opening, lawfulness and quorum, minute checkers,
    approval of the agenda) first on ``meeting``'s agenda as § 1–4, in one step; items
    already there move down. A standard item the meeting already has is not added twice.
    Returns the items added.
    """
    _lock_meeting(meeting)
    existing = list(meeting.items.order_by("number"))
    have = {item.standard for item in existing if item.standard}
    added = []
    for standard, title, title_en in STANDARD_ITEMS:
        if standard in have:
            continue
        proposal, proposal_en = STANDARD_PROPOSALS[standard]
        added.append(
            AgendaItem(
                meeting=meeting,
                standard=standard,
                title=title,
                title_en=title_en,
                proposal=proposal,
                proposal_en=proposal_en,
            )
        )
    if not added:
        return []
    order = [s for s, _t, _e in STANDARD_ITEMS]
    standard_items = sorted(
        [i for i in existing if i.standard] + added, key=lambda i: order.index(i.standard)
    )
    others = [i for i in existing if not i.standard]
    # New rows get numbers past every existing one, then all are renumbered in order.
    top = max((i.number for i in existing), default=0) + _RENUMBER_OFFSET * 2
    for offset, item in enumerate(added, start=1):
        item.number = top + offset
        item.full_clean(exclude=["meeting"])
        item.save()
    _renumber(meeting, standard_items + others)
    return added


@_forgets
@transaction.atomic
def agenda_item_create(*, meeting, title, title_en="", proposal="", proposal_en="", **texts):
    """Add an item at the end of ``meeting``'s agenda (the next § number)."""
    _lock_meeting(meeting)
    last = meeting.items.aggregate(last=Max("number"))["last"] or 0
    item = AgendaItem(
        meeting=meeting,
        number=last + 1,
        title=title,
        title_en=title_en,
        proposal=proposal,
        proposal_en=proposal_en,
        **texts,
    )
    item.full_clean()
    item.save()
    _touch(meeting)
    return item


@_forgets
@transaction.atomic
def agenda_item_update(*, item, **changes):
    """
    Change an item's texts (title, proposal, decision and their English versions). The
    number is not written: it changes only by ``agenda_reorder``, so a stale copy of the item
    cannot undo a reordering.
    """
    if "number" in changes or "meeting" in changes:
        raise ValueError("An item's number and meeting change only by agenda_reorder.")
    for name, value in changes.items():
        setattr(item, name, value)
    item.full_clean(exclude=["number"], validate_constraints=False)
    item.save(update_fields=[*changes, "updated_at"])
    _touch(item.meeting)
    return item


@_forgets
@transaction.atomic
def agenda_item_delete(*, item):
    """Remove an item; the ones after it move up, so the numbers stay 1, 2, … without gaps."""
    meeting = item.meeting
    _lock_meeting(meeting)
    item.delete()
    _renumber(meeting, list(meeting.items.order_by("number")))


@_forgets
@transaction.atomic
def agenda_reorder(*, meeting, items):
    """
    Put ``meeting``'s items in the order of ``items`` (items or their ids) and number them
    § 1, § 2, … in that order. Every item of the meeting must be given, once.
    """
    _lock_meeting(meeting)
    stored = {item.pk: item for item in meeting.items.all()}
    wanted = [getattr(item, "pk", item) for item in items]
    if sorted(wanted) != sorted(stored):
        raise ValidationError(
            _("Give every item of the meeting once, in the new order."), code="items"
        )
    ordered = [stored[pk] for pk in wanted]
    _renumber(meeting, ordered)
    return ordered


@_forgets
@transaction.atomic
def agenda_move(*, item, up):
    """Move ``item`` one place up or down (the admin's arrows); the numbers follow."""
    items = list(item.meeting.items.order_by("number"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
        agenda_reorder(meeting=item.meeting, items=items)
    return item


# --- Attendance -------------------------------------------------------------------------------


def attendance_errors(meeting, attendances, *, roster=None):
    """
    What is wrong with ``attendances`` (all of ``meeting``'s rows as they will be saved),
    as messages a clerk can act on:
    - a person outside the committee's roster on the meeting's day;
    - a member marked as substituting, or a deputy substituting for someone other than
      their own (personal-deputy) member;
    - a deputy substituting while their member is marked present: the seat counted twice;
    - the same person or the same seat twice.
    The one judgement of attendance: ``attendance_save`` and the admin ask it.
    """
    roster = {m.pk: m for m in (roster if roster is not None else meeting_roster(meeting))}
    errors = []
    seen = set()
    substituted = {}
    by_membership = {}
    for attendance in attendances:
        membership = roster.get(attendance.membership_id)
        if membership is None:
            errors.append(
                _(
                    "%(person)s is not a member or deputy of the committee on the meeting's "
                    "day; only the roster of that term can be recorded."
                )
                % {"person": attendance.membership.person}
            )
            continue
        if membership.pk in seen:
            errors.append(_("%(person)s is recorded twice.") % {"person": membership.person})
        seen.add(membership.pk)
        by_membership[membership.pk] = attendance
        if attendance.status != Attendance.Status.SUBSTITUTING:
            continue
        if membership.kind != Membership.Kind.DEPUTY:
            errors.append(
                _("%(person)s is a member: only a deputy can substitute.")
                % {"person": membership.person}
            )
            continue
        own = membership.personal_deputy_of_id
        if own is None:
            errors.append(
                _("%(person)s is not the personal deputy of any member, so cannot substitute.")
                % {"person": membership.person}
            )
            continue
        if attendance.substitutes_for_id != own:
            errors.append(
                _("%(person)s can substitute only for their own member, %(member)s.")
                % {"person": membership.person, "member": membership.personal_deputy_of.person}
            )
            continue
        substituted[own] = membership
    for member_id, deputy in substituted.items():
        member_attendance = by_membership.get(member_id)
        if member_attendance is not None and member_attendance.status in Attendance.SEATED:
            errors.append(
                _(
                    "%(deputy)s is marked as substituting for %(member)s, who is marked "
                    "present: mark one of them otherwise."
                )
                % {"deputy": deputy.person, "member": member_attendance.membership.person}
            )
    return errors


@_forgets
@transaction.atomic
def attendance_save(*, meeting, attendances=(), removed=()):
    """
    Save ``meeting``'s attendance rows (new or changed) and delete ``removed``, judged as a
    whole with the rows already stored (``attendance_errors``). Raises ``ValidationError``.
    """
    _lock_meeting(meeting)
    attendances = list(attendances)
    for attendance in attendances:
        attendance.meeting = meeting
        if attendance.status != Attendance.Status.SUBSTITUTING:
            attendance.substitutes_for = None
    replaced = {a.pk for a in [*attendances, *removed] if a.pk}
    stored = meeting.attendances.exclude(pk__in=replaced).select_related("membership__person")
    errors = attendance_errors(meeting, [*stored, *attendances])
    if errors:
        raise ValidationError(errors)
    for attendance in removed:
        attendance.delete()
    for attendance in attendances:
        attendance.save()
    return attendances


def attendance_record(*, meeting, membership, status, substitutes_for=None):
    """
    Record one person's attendance at ``meeting`` (replacing what was recorded for them).
    A deputy substituting names their member in ``substitutes_for``; when it is left out,
    their own member is meant.
    """
    if status == Attendance.Status.SUBSTITUTING and substitutes_for is None:
        substitutes_for = membership.personal_deputy_of
    attendance = Attendance.objects.filter(meeting=meeting, membership=membership).first()
    attendance = attendance or Attendance(meeting=meeting, membership=membership)
    attendance.status = status
    attendance.substitutes_for = substitutes_for
    (attendance,) = attendance_save(meeting=meeting, attendances=[attendance])
    return attendance


@_forgets
@transaction.atomic
def attendance_fill_roster(*, meeting, status=Attendance.Status.ABSENT):
    """Add a row for everyone on the meeting's roster not yet recorded (staff then mark them)."""
    recorded = set(meeting.attendances.values_list("membership_id", flat=True))
    missing = [
        Attendance(meeting=meeting, membership=m, status=status)
        for m in meeting_roster(meeting)
        if m.pk not in recorded
    ]
    return attendance_save(meeting=meeting, attendances=missing)


@_forgets
@transaction.atomic
def other_attendee_add(*, meeting, name, role, role_en=""):
    """Record someone present who is not on the roster (staff, a guest) by name and role."""
    last = meeting.other_attendees.aggregate(last=Max("order"))["last"]
    attendee = OtherAttendee(
        meeting=meeting,
        name=name,
        role=role,
        role_en=role_en,
        order=0 if last is None else last + 1,
    )
    attendee.full_clean()
    attendee.save()
    return attendee


def _rows_save(rows, removed, **parent):
    """
    Delete ``removed``, then give each of ``rows`` (new or changed) its parent (``meeting=…``),
    check it with its model's validation and save it: an inline's rows, as the admin sends them.
    """
    for row in removed:
        row.delete()
    rows = list(rows)
    for row in rows:
        for name, value in parent.items():
            setattr(row, name, value)
        row.full_clean()
        row.save()
    return rows


@_forgets
@transaction.atomic
def other_attendees_save(*, meeting, attendees=(), removed=()):
    """Save ``meeting``'s other attendees (new or changed) and delete ``removed``."""
    return _rows_save(attendees, removed, meeting=meeting)


@_forgets
@transaction.atomic
def attachments_save(*, item, attachments=(), removed=()):
    """
    Save ``item``'s attachments (new or changed; each PDF checked by ``validate_pdf``) and
    delete ``removed``, whose files go from the storage once the change is committed.
    """
    for attachment in removed:
        if attachment.document:
            document = attachment.document
            transaction.on_commit(partial(document.storage.delete, document.name))
    return _rows_save(attachments, removed, item=item)


# --- Minutes ----------------------------------------------------------------------------------


@_forgets
@transaction.atomic
def meeting_publish_minutes(*, meeting):
    """
    Mark ``meeting``'s minutes checked and publish them: its decisions and attendance appear
    on the site and followers hear of the minutes. Refused for a meeting not yet published
    or not yet held. Publishing twice changes nothing.
    """
    _lock_meeting(meeting)
    meeting.refresh_from_db()
    if meeting.minutes_published:
        return meeting
    if not meeting.is_published:
        raise ValidationError(
            _("Publish the meeting first: its minutes cannot be public before it is."),
            code="unpublished",
        )
    if meeting.starts_at > timezone.now():
        raise ValidationError(
            _("The meeting has not been held yet: its minutes cannot be checked."),
            code="not_held",
        )
    had_minutes = meeting.has_minutes
    now = timezone.now()
    Meeting.objects.filter(pk=meeting.pk).update(
        minutes_published_at=now, sequence=F("sequence") + 1, updated_at=now
    )
    meeting.refresh_from_db()
    if not had_minutes:
        events.minutes_published.announce(
            committee_ids=(meeting.committee_id,), object_id=meeting.pk
        )
    return meeting
