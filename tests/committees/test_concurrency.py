"""Two clerks filling the last seat of a roster in the admin at the same moment."""

import contextlib
import threading

import pytest
from django.test import Client

from committees.admin.rosters import MembershipAdmin
from committees.models import Membership
from tests.committees.factories import MEMBERSHIPS, membership_form
from tests.factories import (
    CommitteeFactory,
    PersonFactory,
    clerk,
    current_term,
    roster,
    sign_in_staff,
)
from tests.support import run_concurrently


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_clerks_adding_the_last_member_at_once_seat_only_one(monkeypatch):
    committee, term = CommitteeFactory(), current_term()
    roster(committee, term, members=10)
    users = [clerk(username=f"virkailija{n}") for n in range(2)]
    people = [PersonFactory() for _ in range(2)]
    both_checked = threading.Barrier(2, timeout=3)
    original_save = MembershipAdmin.save_model

    def save_after_the_other_checked(self, request, obj, form, change):
        # Both requests have judged the roster (10 members, room for one) before either
        # saves, unless the first one keeps the second waiting.
        with contextlib.suppress(threading.BrokenBarrierError):
            both_checked.wait()
        return original_save(self, request, obj, form, change)

    monkeypatch.setattr(MembershipAdmin, "save_model", save_after_the_other_checked)

    def add(user, person):
        client = Client()
        sign_in_staff(client, user)
        response = client.post(f"{MEMBERSHIPS}add/", membership_form(committee, term, person))
        return response.status_code

    statuses = run_concurrently(add, zip(users, people, strict=True))
    assert sorted(statuses) == [200, 302]  # one saved, one told the roster is full
    assert Membership.objects.filter(committee=committee, term=term).members().count() == 11
