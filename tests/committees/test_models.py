"""The rules that must always hold, kept by the database itself."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from committees.models import Membership, Term
from tests.factories import (
    CommitteeFactory,
    DeputyFactory,
    MembershipFactory,
    PersonFactory,
    TermFactory,
)

pytestmark = pytest.mark.django_db


def refused_by_database(**kwargs):
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(**kwargs)


def test_a_term_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        TermFactory(starts_on=datetime.date(2022, 1, 1), ends_on=datetime.date(2021, 1, 1))


def test_a_terms_minimum_cannot_exceed_its_maximum():
    with pytest.raises(IntegrityError), transaction.atomic():
        TermFactory(min_members=12, max_members=11)


def test_a_deputy_cannot_hold_the_chair(term, committee):
    refused_by_database(
        committee=committee, term=term, kind=Membership.Kind.DEPUTY, role=Membership.Role.CHAIR
    )


def test_only_a_deputy_can_be_a_personal_deputy(term, committee):
    member = MembershipFactory(committee=committee, term=term)
    refused_by_database(committee=committee, term=term, personal_deputy_of=member)


def test_a_person_has_one_seat_per_committee_and_term(term, committee):
    person = PersonFactory()
    MembershipFactory(committee=committee, term=term, person=person)
    refused_by_database(committee=committee, term=term, person=person, kind=Membership.Kind.DEPUTY)


def test_a_person_who_resigned_may_return_in_the_same_term(term, committee):
    person = PersonFactory()
    MembershipFactory(
        committee=committee,
        term=term,
        person=person,
        kind=Membership.Kind.DEPUTY,
        ends_on=term.starts_on + datetime.timedelta(days=30),
    )
    MembershipFactory(committee=committee, term=term, person=person)
    assert Membership.objects.filter(person=person).count() == 2


def test_one_chair_at_a_time(term, committee):
    MembershipFactory(committee=committee, term=term, role=Membership.Role.CHAIR)
    refused_by_database(committee=committee, term=term, role=Membership.Role.CHAIR)


def test_a_new_chair_after_the_old_one_resigned(term, committee):
    MembershipFactory(
        committee=committee,
        term=term,
        role=Membership.Role.CHAIR,
        ends_on=term.starts_on + datetime.timedelta(days=10),
    )
    MembershipFactory(committee=committee, term=term, role=Membership.Role.CHAIR)


def test_a_member_has_at_most_one_personal_deputy(term, committee):
    member = MembershipFactory(committee=committee, term=term)
    DeputyFactory(committee=committee, term=term, personal_deputy_of=member)
    with pytest.raises(IntegrityError), transaction.atomic():
        DeputyFactory(committee=committee, term=term, personal_deputy_of=member)


def test_a_seat_cannot_end_before_it_starts(term, committee):
    refused_by_database(
        committee=committee,
        term=term,
        starts_on=term.starts_on + datetime.timedelta(days=10),
        ends_on=term.starts_on,
    )


def test_a_personal_deputy_from_another_committee_is_explained(term, committee):
    elsewhere = MembershipFactory(committee=CommitteeFactory(), term=term)
    deputy = Membership(
        committee=committee,
        term=term,
        person=PersonFactory(),
        kind=Membership.Kind.DEPUTY,
        personal_deputy_of=elsewhere,
    )
    with pytest.raises(ValidationError) as error:
        deputy.full_clean()
    assert error.value.message_dict["personal_deputy_of"] == [
        "Jäsenen on oltava samassa toimikunnassa samalla toimikaudella."
    ]


def test_a_personal_deputy_from_another_term_is_explained(term, committee):
    earlier = TermFactory(starts_on=datetime.date(2018, 1, 1))
    old_member = MembershipFactory(committee=committee, term=earlier)
    deputy = Membership(
        committee=committee,
        term=term,
        person=PersonFactory(),
        kind=Membership.Kind.DEPUTY,
        personal_deputy_of=old_member,
    )
    with pytest.raises(ValidationError) as error:
        deputy.full_clean()
    assert "personal_deputy_of" in error.value.message_dict


def test_dates_outside_the_term_are_explained(term, committee):
    membership = Membership(
        committee=committee,
        term=term,
        person=PersonFactory(),
        ends_on=term.ends_on + datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    [message] = error.value.message_dict["ends_on"]
    assert message.startswith("Päivämäärän on oltava toimikauden sisällä")


def test_overlapping_terms_are_explained():
    TermFactory(starts_on=datetime.date(2022, 1, 1))
    overlapping = Term(
        name="2025–2028",
        slug="2025-2028",
        starts_on=datetime.date(2025, 6, 1),
        ends_on=datetime.date(2028, 12, 31),
    )
    with pytest.raises(ValidationError, match="menee päällekkäin"):
        overlapping.full_clean()
