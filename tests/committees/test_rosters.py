"""The roster rules and the service that seats people by them."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from committees.models import Membership
from committees.rosters import is_incomplete, roster_errors
from committees.services import membership_create
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
