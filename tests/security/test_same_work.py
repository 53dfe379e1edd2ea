"""
The follow and application forms answer alike for an address that is new and one already
known, and do the same work for both, so that neither the page nor the time it takes tells
whether someone follows a committee or has applied. (Speed itself is `make bench`'s; here
the statements that write are counted.)
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from following.models import Subscription
from tests.factories import CommitteeFactory
from tests.following.conftest import form_data
from tests.recruitment.factories import application_data, open_campaign

pytestmark = pytest.mark.django_db

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


def writes_of(post):
    with CaptureQueriesContext(connection) as queries:
        response = post()
    assert response.status_code == 302
    return sorted(
        re.sub(r'^\s*(\w+)\s+(?:INTO\s+|FROM\s+)?"?(\w+).*', r"\1 \2", q["sql"], flags=re.S)
        for q in queries.captured_queries
        if WRITE.match(q["sql"])
    )


@pytest.fixture
def queue(settings):
    """The database queue, as production has it: a mail queued is a row written."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_following_again_does_the_same_work_as_following_anew(
    client, queue, django_capture_on_commit_callbacks
):
    committee = CommitteeFactory(slug="valkeala")
    Subscription.objects.create(
        committee=committee,
        email="jo.seuraa@example.fi",
        follows_meetings=True,
        site_url="http://testserver/",
        confirmed_at=timezone.now(),
    )

    def follow(email):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/aluetoimikunnat/valkeala/seuraa/", form_data(email))

    follow("ensin@example.fi")  # the first post of the hour also clears old counters
    new = writes_of(lambda: follow("uusi@example.fi"))
    known = writes_of(lambda: follow("jo.seuraa@example.fi"))
    assert len(known) == len(new), (new, known)


def test_applying_again_does_the_same_work_as_applying_anew(client, queue):
    committee = CommitteeFactory()
    campaign = open_campaign(committee)
    url = f"/jasenhaku/{campaign.slug}/hae/"

    def apply(email="maija.meikalainen@example.fi"):
        return client.post(url, application_data(committee, email=email))

    apply("ensin@example.fi")  # the first post of the hour also clears old counters
    new = writes_of(apply)
    writes_of(apply)  # the day's one note that the address had applied
    known = writes_of(apply)
    assert len(known) == len(new), (new, known)
