"""
Issue 20, defect 3: a victim's address given as the proposer's from any number of client
addresses gets at most three receipts a day; the visitor's text is never in a subject, and the
body quotes it as what was sent.
"""

import time

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from kouvola_alue.abuse import form_stamp
from projects.models import ProjectIdea

pytestmark = pytest.mark.django_db

VICTIM = "kohde@example.fi"
TEXT = "Voitit arpajaisissa, avaa linkki"


def test_one_address_gets_at_most_three_receipts_a_day(
    areas, goals, settings, django_capture_on_commit_callbacks
):
    settings.STAFF_NOTIFY_EMAIL = ["moderointi@kouvola.example"]
    pages = []
    for n in range(5):
        visitor = Client(REMOTE_ADDR=f"198.51.100.{n + 1}")
        with django_capture_on_commit_callbacks(execute=True):
            response = visitor.post(
                reverse("projects:propose"),
                {
                    "title": f"{TEXT} {n}",
                    "summary": TEXT,
                    "description": TEXT,
                    "committees": [areas["valkeala"].pk],
                    "goals": [goals["osallisuus"].pk],
                    "proposer_name": TEXT,
                    "proposer_email": VICTIM,
                    "website": "",
                    "rendered_at": form_stamp(issued_at=time.time() - 30),
                },
                follow=True,
            )
        assert response.status_code == 200
        pages.append(response.content.decode())
    assert ProjectIdea.objects.count() == 5
    assert len(set(pages)) == 1
    receipts = [m for m in mail.outbox if m.to == [VICTIM]]
    assert len(receipts) == 3
    for receipt in receipts:
        assert receipt.subject == "Olemme vastaanottaneet hankeideasi"
        said, sent = receipt.body.split("Lähetit seuraavat tiedot:")
        assert TEXT not in said
        assert f"Nimesi: {TEXT}\nIdean nimi: {TEXT}" in sent
    # Staff still hear of every proposal, with the title in the body only.
    staff = [m for m in mail.outbox if m.to == ["moderointi@kouvola.example"]]
    assert len(staff) == 5
    assert all(TEXT not in m.subject and TEXT in m.body for m in staff)
