"""
Simultaneous submissions on PostgreSQL: the unique constraint, not a check in Python, decides
that the same application is stored once, while different ones are all stored.
"""

import threading

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse

from recruitment.models import Application
from tests.factories import CommitteeFactory
from tests.recruitment.factories import application_data, open_campaign

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

SUBMISSIONS = 20


def submit_at_once(campaign, posts):
    """Post each form from its own thread and connection, all released at the same moment."""
    url = reverse("recruitment:apply", kwargs={"slug": campaign.slug})
    barrier = threading.Barrier(len(posts))
    statuses, errors = [], []

    def submit(number, data):
        try:
            client = Client()
            barrier.wait()
            # Each thread comes from its own address, so the rate limit is not what stops it.
            response = client.post(url, data, REMOTE_ADDR=f"198.51.100.{number + 1}")
            statuses.append(response.status_code)
        except Exception as error:  # reported below, in the test's own thread
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=submit, args=(number, data)) for number, data in enumerate(posts)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return statuses


@pytest.fixture
def campaign(db):
    cache.clear()
    return open_campaign(CommitteeFactory())


def test_twenty_simultaneous_submissions_of_one_application_leave_one_row(campaign):
    committee = campaign.committees.get()
    data = application_data(committee)

    statuses = submit_at_once(campaign, [data] * SUBMISSIONS)

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
