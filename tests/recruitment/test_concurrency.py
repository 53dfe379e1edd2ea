"""
Simultaneous submissions on PostgreSQL: the unique constraint, not a check in Python, decides
that the same application is stored once, while different ones are all stored; the rate
limit's counter, not a read-then-write, decides how many one address may send.
"""

import pytest
from django.test import Client
from django.urls import reverse

from recruitment.forms import ApplicationForm
from recruitment.models import Application
from tests.factories import CommitteeFactory
from tests.recruitment.factories import application_data, open_campaign
from tests.support import run_concurrently

LIMIT = ApplicationForm.limit.count

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

SUBMISSIONS = 20


def submit_at_once(campaign, posts, address=None):
    """
    Post each form from its own thread and connection, all released at the same moment; from
    one ``address``, or each from an address of its own.
    """
    url = reverse("recruitment:apply", kwargs={"slug": campaign.slug})

    def submit(number, data):
        remote = address or f"198.51.100.{number + 1}"
        return Client().post(url, data, REMOTE_ADDR=remote).status_code

    return run_concurrently(submit, enumerate(posts))


@pytest.fixture
def campaign(db):
    return open_campaign(CommitteeFactory())


def test_twenty_simultaneous_submissions_of_one_application_leave_one_row(campaign):
    committee = campaign.committees.get()
    # The same answers from twenty forms (each form's stamp is its own and accepted once).
    posts = [application_data(committee) for _ in range(SUBMISSIONS)]

    statuses = submit_at_once(campaign, posts)

    # Every sender gets the thank-you page, never an error.
    assert statuses == [302] * SUBMISSIONS
    assert Application.objects.count() == 1


def test_twenty_simultaneous_different_applications_leave_twenty_rows(campaign):
    committee = campaign.committees.get()
    posts = [
        application_data(committee, email=f"hakija{number}@example.fi")
        for number in range(SUBMISSIONS)
    ]

    statuses = submit_at_once(campaign, posts)

    assert statuses == [302] * SUBMISSIONS
    assert Application.objects.count() == SUBMISSIONS
    assert len(set(Application.objects.values_list("email", flat=True))) == SUBMISSIONS


def test_twenty_simultaneous_applications_from_one_address_store_no_more_than_the_limit(
    campaign,
):
    committee = campaign.committees.get()
    posts = [
        application_data(committee, email=f"tulva{number}@example.fi")
        for number in range(SUBMISSIONS)
    ]

    statuses = submit_at_once(campaign, posts, address="203.0.113.50")

    assert LIMIT < SUBMISSIONS
    assert Application.objects.count() == LIMIT
    assert sorted(statuses) == [302] * LIMIT + [429] * (SUBMISSIONS - LIMIT)
