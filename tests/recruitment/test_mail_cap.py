"""
Issue 20, defect 3: a victim's address put on applications from any number of client
addresses gets at most three confirmations a day (and one "you have already applied"); each
post still reads the same, and no word of the visitor's is in the mail but the quoted answers.
"""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from recruitment.models import Application
from tests.factories import CommitteeFactory
from tests.mail import committing
from tests.recruitment.factories import application_data, open_campaign

pytestmark = pytest.mark.django_db

VICTIM = "kohde@example.fi"
TEXT = "Voitit arpajaisissa"


def test_one_address_gets_at_most_three_confirmations_a_day(django_capture_on_commit_callbacks):
    committees = [CommitteeFactory() for _ in range(4)]
    campaign = open_campaign(*committees)
    url = reverse("recruitment:apply", kwargs={"slug": campaign.slug})
    pages = []
    for n, committee in enumerate([*committees, committees[0], committees[0]]):
        visitor = committing(
            Client(REMOTE_ADDR=f"198.51.100.{n + 1}"), django_capture_on_commit_callbacks
        )
        post = application_data(committee, email=VICTIM, first_name=TEXT, last_name=TEXT)
        response = visitor.post(url, post, follow=True)
        assert response.status_code == 200
        pages.append(response.content.decode())
    assert Application.objects.count() == 4
    assert len(set(pages)) == 1
    subjects = [m.subject.split(" –")[0] for m in mail.outbox]
    assert subjects == ["Hakemuksesi on vastaanotettu"] * 3 + ["Olet jo hakenut"]
    assert all(m.to == [VICTIM] and TEXT not in m.subject + m.body for m in mail.outbox)
