"""The roster rules and the service that seats people by them."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from committees.models import Membership
from committees.rosters import incomplete_warning, is_incomplete, roster_errors
from committees.services import membership_create, membership_update, roster_save
from tests.factories import MembershipFactory, PersonFactory, roster

pytestmark = pytest.mark.django_db


def test_an_eleventh_member_is_seated_and_a_twelfth_refused(term, committee):
    roster(committee, term, members=10)
    membership_create(committee=committee, term=term, person=PersonFactory())
    with pytest.raises(ValidationError) as error:
        membership_create(committee=committee, term=term, person=PersonFactory())
    assert "12 jäsentä" in error.value.messages[0]
    assert "enintään 11 jäsentä" in error.value.messages[0]
    assert Membership.objects.filter(committee=committee, term=term).count() == 11


def test_the_maximum_comes_from_the_term(committee):
    from tests.factories import current_term

    small = current_term(max_members=8)
    roster(committee, small, members=8)
    with pytest.raises(ValidationError):
        membership_create(committee=committee, term=small, person=PersonFactory())


def test_no_more_deputies_than_members(term, committee):
    roster(committee, term, members=7, deputies=7)
    with pytest.raises(ValidationError, match="7 jäsentä"):
        membership_create(
            committee=committee,
            term=term,
            person=PersonFactory(),
            kind=Membership.Kind.DEPUTY,
        )


def test_a_replacement_after_a_resignation_fits_in_a_full_roster(term, committee):
    members, _ = roster(committee, term, members=11)
    left = members[-1]
    left.ends_on = term.starts_on + datetime.timedelta(days=60)
    left.save()
    replacement = membership_create(
        committee=committee, term=term, person=PersonFactory(), starts_on=left.ends_on
    )
    assert replacement.pk


def test_an_overlap_with_the_resigned_member_is_refused(term, committee):
    members, _ = roster(committee, term, members=11)
    left = members[-1]
    left.ends_on = term.starts_on + datetime.timedelta(days=60)
    left.save()
    with pytest.raises(ValidationError):
        membership_create(
            committee=committee,
            term=term,
            person=PersonFactory(),
            starts_on=left.ends_on - datetime.timedelta(days=1),
        )


def test_a_resignation_is_never_refused(term, committee):
    members, deputies = roster(committee, term, members=7, deputies=7)
    members[0].ends_on = term.starts_on + datetime.timedelta(days=5)
    memberships = [*members, *deputies]
    assert roster_errors(term, memberships) == []


def test_a_personal_deputy_must_stand_in_for_a_member_of_the_same_roster(term, committee):
    other_member = MembershipFactory(term=term)
    with pytest.raises(ValidationError) as error:
        membership_create(
            committee=committee,
            term=term,
            person=PersonFactory(),
            kind=Membership.Kind.DEPUTY,
            personal_deputy_of=other_member,
        )
    assert "personal_deputy_of" in error.value.message_dict


def test_fewer_than_seven_members_is_incomplete_not_refused(term, committee):
    members, _ = roster(committee, term, members=6)
    assert roster_errors(term, members) == []
    assert is_incomplete(term, members)
    seventh = membership_create(committee=committee, term=term, person=PersonFactory())
    assert not is_incomplete(term, [*members, seventh])


def test_a_change_of_seat_is_judged_by_the_same_rules(term, committee):
    members, _ = roster(committee, term, members=7, deputies=7)
    with pytest.raises(ValidationError, match="enintään yhtä monta kuin jäseniä"):
        membership_update(membership=members[-1], kind=Membership.Kind.DEPUTY)
    assert Membership.objects.members().count() == 7
    # A resignation is an update the rules never refuse.
    members[-1].refresh_from_db()
    membership_update(membership=members[-1], ends_on=term.starts_on + datetime.timedelta(days=9))
    assert Membership.objects.get(pk=members[-1].pk).ends_on is not None


def test_a_batch_of_seats_is_judged_as_it_will_be(term, committee):
    members, deputies = roster(committee, term, members=11, deputies=11)
    member, deputy = members[-1], deputies[-1]
    # Either change alone would break a rule of a full roster; together they keep them.
    member.kind, deputy.kind, deputy.personal_deputy_of = "deputy", "member", None
    roster_save(committee=committee, memberships=[member, deputy])
    assert Membership.objects.get(pk=member.pk).kind == "deputy"
    assert Membership.objects.get(pk=deputy.pk).kind == "member"
    with pytest.raises(ValidationError, match="12 jäsentä"):
        roster_save(
            committee=committee,
            memberships=[Membership(committee=committee, term=term, person=PersonFactory())],
        )


def test_the_incomplete_warning_names_the_committee_and_the_minimum(term, committee):
    members, _ = roster(committee, term, members=6)
    assert incomplete_warning(committee, term, members) == (
        f"{committee}, toimikausi {term}: kokoonpano on vajaa, siinä on alle 7 jäsentä."
    )
    seventh = membership_create(committee=committee, term=term, person=PersonFactory())
    assert incomplete_warning(committee, term, [*members, seventh]) is None
