import datetime
import time

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from following.models import Subscription
from kouvola_alue.abuse import form_stamp
from tests.factories import CommitteeFactory


@pytest.fixture
def valkeala(db):
    return CommitteeFactory(
        slug="valkeala", area_name="Valkeala", name="Valkealan aluetoimikunta", name_en=""
    )


def form_data(email="seuraaja@example.fi", **overrides):
    data = {
        "email": email,
        "topics": ["meetings", "ideas", "recruitment"],
        "frequency": "immediate",
        "website": "",
        "rendered_at": form_stamp(issued_at=time.time() - 30),
    }
    data.update(overrides)
    return data


@pytest.fixture
def follow(client, django_capture_on_commit_callbacks):
    """Send the follow form of ``committee`` as a resident does; returns the response."""

    def send(committee, email="seuraaja@example.fi", path_prefix="", **overrides):
        url = path_prefix + reverse("following:follow", kwargs={"slug": committee.slug})
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, form_data(email, **overrides))

    return send


@pytest.fixture
def confirmed(valkeala):
    """A subscription of Valkeala confirmed nine days ago, following everything at once."""

    def make(email="vahvistettu@example.fi", **fields):
        values = {
            "committee": valkeala,
            "email": email,
            "follows_meetings": True,
            "follows_ideas": True,
            "follows_recruitment": True,
            "site_url": "http://testserver/",
            "confirmed_at": timezone.now() - datetime.timedelta(days=9),
            "requested_at": timezone.now() - datetime.timedelta(days=9),
            **fields,
        }
        return Subscription.objects.create(**values)

    return make


@pytest.fixture
def outbox():
    mail.outbox.clear()
    return mail.outbox
