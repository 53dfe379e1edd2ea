"""Meetings as data: the agenda's numbering, the attendance's refusals and the quorum rule."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from committees.meeting_selectors import meeting_quorum, meeting_roster
from committees.meeting_services import (
    agenda_add_standard_items,
    agenda_item_create,
    agenda_item_delete,
    agenda_move,
    agenda_reorder,
    attendance_fill_roster,
    attendance_record,
    attendance_save,
    meeting_publish_minutes,
)
from committees.models import AgendaItem, Attendance, Committee
from committees.quorum import quorum_of
from tests.committees.factories import past, upcoming
from tests.factories import CommitteeFactory, DeputyFactory, MembershipFactory, roster

pytestmark = pytest.mark.django_db

PRESENT, REMOTE, ABSENT, SUBSTITUTING = (
    Attendance.Status.PRESENT,
    Attendance.Status.REMOTE,
    Attendance.Status.ABSENT,
    Attendance.Status.SUBSTITUTING,
)


def titles(meeting):
    return [(i.number, i.title) for i in meeting.items.order_by("number")]


# --- The quorum rule ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seats", "counted", "reached"),
    [(7, 4, True), (7, 3, False), (8, 4, False), (8, 5, True), (0, 0, False)],
)
def test_the_default_quorum_is_more_than_half_of_the_members(seats, counted, reached):
    committee = CommitteeFactory.build()
    assert quorum_of(committee=committee, seats=seats, counted=counted).reached is reached


def test_a_committee_may_set_at_least_half_or_a_number():
    half = CommitteeFactory.build(quorum_rule=Committee.QuorumRule.HALF)
    assert quorum_of(committee=half, seats=8, counted=4).reached
    assert not quorum_of(committee=half, seats=9, counted=4).reached
    fixed = CommitteeFactory.build(quorum_rule=Committee.QuorumRule.FIXED, quorum_minimum=3)
    assert quorum_of(committee=fixed, seats=11, counted=3).reached
    assert not quorum_of(committee=fixed, seats=11, counted=2).reached


def test_a_set_number_rule_needs_its_number(committee):
    committee.quorum_rule = Committee.QuorumRule.FIXED
    with pytest.raises(ValidationError) as error:
        committee.full_clean()
    assert "quorum_minimum" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        committee.save()


def test_substituting_deputies_count_and_present_deputies_do_not(committee, term):
    members, deputies = roster(committee, term, members=7, deputies=3)
    meeting = past(committee=committee)
    attendance_record(meeting=meeting, membership=members[3], status=PRESENT)
    attendance_record(meeting=meeting, membership=members[4], status=REMOTE)
    attendance_record(meeting=meeting, membership=deputies[0], status=SUBSTITUTING)
    quorum = meeting_quorum(meeting)
    assert (quorum.seats, quorum.needed, quorum.counted, quorum.reached) == (7, 4, 3, False)
    attendance_record(meeting=meeting, membership=deputies[2], status=SUBSTITUTING)
    # A deputy merely present (the member sits) does not count.
    attendance_record(meeting=meeting, membership=deputies[1], status=PRESENT)
    quorum = meeting_quorum(meeting)
    assert (quorum.counted, quorum.reached) == (4, True)


def test_no_attendance_recorded_means_no_verdict(committee, term):
    roster(committee, term)
    assert meeting_quorum(past(committee=committee)) is None


def test_a_resigned_member_is_not_a_seat(committee, term):
    members, _ = roster(committee, term, members=7)
    meeting = past(committee=committee, days_ago=1)
    members[6].ends_on = meeting.starts_at.date() - datetime.timedelta(days=1)
    members[6].save()
    assert members[6] not in meeting_roster(meeting)
    for member in members[:3]:
        attendance_record(meeting=meeting, membership=member, status=PRESENT)
    # 3 of the 6 seated: not more than half.
    quorum = meeting_quorum(meeting)
    assert (quorum.seats, quorum.reached) == (6, False)


# --- Attendance refused ---------------------------------------------------------------------


def test_someone_outside_the_roster_is_refused(committee, term):
    roster(committee, term)
    other_committee = MembershipFactory(term=term)
    meeting = past(committee=committee)
    with pytest.raises(ValidationError) as error:
        attendance_record(meeting=meeting, membership=other_committee, status=PRESENT)
    assert "ei ole toimikunnan jäsen eikä varajäsen kokouksen päivänä" in error.value.messages[0]
    assert not Attendance.objects.exists()


def test_a_member_of_another_term_is_refused(committee, term):
    earlier = MembershipFactory(committee=committee)  # the factory's term of 2022–2025
    meeting = past(committee=committee)
    with pytest.raises(ValidationError):
        attendance_record(meeting=meeting, membership=earlier, status=PRESENT)


def test_a_deputy_cannot_substitute_for_another_member(committee, term):
    members, deputies = roster(committee, term, members=7, deputies=2)
    meeting = past(committee=committee)
    with pytest.raises(ValidationError) as error:
        attendance_record(
            meeting=meeting, membership=deputies[0], status=SUBSTITUTING, substitutes_for=members[1]
        )
    message = error.value.messages[0]
    assert str(deputies[0].person) in message
    assert "vain omalle jäsenelleen" in message
    assert not Attendance.objects.exists()


def test_a_deputy_without_a_member_cannot_substitute(committee, term):
    roster(committee, term)
    deputy = DeputyFactory(committee=committee, term=term)
    with pytest.raises(ValidationError):
        attendance_record(meeting=past(committee=committee), membership=deputy, status=SUBSTITUTING)


def test_a_member_cannot_substitute(committee, term):
    members, _ = roster(committee, term)
    with pytest.raises(ValidationError) as error:
        attendance_record(
            meeting=past(committee=committee),
            membership=members[0],
            status=SUBSTITUTING,
            substitutes_for=members[1],
        )
    assert "vain varajäsen" in error.value.messages[0]


def test_a_deputy_and_their_member_cannot_both_sit(committee, term):
    members, deputies = roster(committee, term, members=7, deputies=1)
    meeting = past(committee=committee)
    attendance_record(meeting=meeting, membership=members[0], status=PRESENT)
    with pytest.raises(ValidationError) as error:
        attendance_record(meeting=meeting, membership=deputies[0], status=SUBSTITUTING)
    assert "merkitty läsnä olevaksi" in error.value.messages[0]
    # The other way round too: the member marked present after the deputy substitutes.
    attendance_record(meeting=meeting, membership=members[0], status=ABSENT)
    attendance_record(meeting=meeting, membership=deputies[0], status=SUBSTITUTING)
    with pytest.raises(ValidationError):
        attendance_record(meeting=meeting, membership=members[0], status=REMOTE)
    assert Attendance.objects.get(membership=members[0]).status == ABSENT


def test_a_whole_set_is_judged_together(committee, term):
    members, deputies = roster(committee, term, members=7, deputies=1)
    meeting = past(committee=committee)
    rows = [
        Attendance(membership=members[0], status=PRESENT),
        Attendance(membership=deputies[0], status=SUBSTITUTING, substitutes_for=members[0]),
    ]
    with pytest.raises(ValidationError):
        attendance_save(meeting=meeting, attendances=rows)
    assert not Attendance.objects.exists()


def test_the_roster_is_filled_in_as_absent_once(committee, term):
    roster(committee, term, members=7, deputies=2)
    meeting = past(committee=committee)
    assert len(attendance_fill_roster(meeting=meeting)) == 9
    assert attendance_fill_roster(meeting=meeting) == []
    assert set(meeting.attendances.values_list("status", flat=True)) == {ABSENT}


# --- The agenda -----------------------------------------------------------------------------


def test_standard_items_come_first_in_one_step(committee):
    meeting = upcoming(committee=committee)
    agenda_item_create(meeting=meeting, title="Kylätalon remontti")
    added = agenda_add_standard_items(meeting=meeting)
    assert len(added) == 4
    assert titles(meeting) == [
        (1, "Kokouksen avaus"),
        (2, "Kokouksen laillisuus ja päätösvaltaisuus"),
        (3, "Pöytäkirjantarkastajien valinta"),
        (4, "Esityslistan hyväksyminen"),
        (5, "Kylätalon remontti"),
    ]
    assert agenda_add_standard_items(meeting=meeting) == []
    assert meeting.items.count() == 5


def test_items_are_reordered_and_renumbered_without_gaps(committee):
    meeting = upcoming(committee=committee)
    a, b, c = (agenda_item_create(meeting=meeting, title=t) for t in "ABC")
    agenda_reorder(meeting=meeting, items=[c, a, b])
    assert titles(meeting) == [(1, "C"), (2, "A"), (3, "B")]
    agenda_move(item=AgendaItem.objects.get(pk=b.pk), up=True)
    assert titles(meeting) == [(1, "C"), (2, "B"), (3, "A")]
    agenda_item_delete(item=AgendaItem.objects.get(pk=c.pk))
    assert titles(meeting) == [(1, "B"), (2, "A")]
    with pytest.raises(ValidationError):
        agenda_reorder(meeting=meeting, items=[a])


def test_an_item_number_is_unique_in_its_meeting(committee):
    meeting = upcoming(committee=committee)
    agenda_item_create(meeting=meeting, title="A")
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(meeting=meeting, number=1, title="B")
    # ...but another meeting starts from § 1 too: the numbers run per meeting.
    assert agenda_item_create(meeting=upcoming(committee=committee), title="C").number == 1


def test_a_changed_agenda_is_a_new_calendar_revision(committee):
    meeting = upcoming(committee=committee)
    before = meeting.sequence
    agenda_item_create(meeting=meeting, title="A")
    meeting.refresh_from_db()
    assert meeting.sequence > before


# --- The minutes ----------------------------------------------------------------------------


def test_minutes_are_published_once_for_a_held_published_meeting(committee):
    meeting = past(committee=committee)
    meeting_publish_minutes(meeting=meeting)
    first = meeting.minutes_published_at
    assert first is not None
    meeting_publish_minutes(meeting=meeting)
    assert meeting.minutes_published_at == first
    with pytest.raises(ValidationError):
        meeting_publish_minutes(meeting=upcoming(committee=committee))
    with pytest.raises(ValidationError):
        meeting_publish_minutes(meeting=past(committee=committee, is_published=False))
