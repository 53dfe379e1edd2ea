"""
A resident follows Valkeala by e-mail in the browser, opens the confirmation link from the
mail, hears of the next meeting, and stops following with the mail's one-click unsubscribe.
"""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from committees.models import Committee, Meeting
from committees.services import meeting_save
from following.forms import FollowForm
from following.models import Subscription

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def quick_form(monkeypatch):
    """The browser fills the form faster than a person could; the time check is tested apart."""
    monkeypatch.setattr(FollowForm, "min_fill_seconds", 0)


def link(message, part):
    return re.search(rf"http://\S+/seuranta/{part}/\S+/", message.body).group(0)


def test_a_resident_follows_valkeala_by_e_mail(
    live_server, page, city_facts, quick_form, assert_accessible
):
    mail.outbox.clear()
    page.goto(live_server.url + "/aluetoimikunnat/valkeala/")
    page.get_by_role("link", name="Seuraa sähköpostilla").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Seuraa sähköpostilla: Valkealan aluetoimikunta"
    )
    assert_accessible(page)

    # A mistake is said on the form and tied to its field.
    page.get_by_label("Sähköpostiosoitteesi").fill("ei-osoite")
    page.get_by_role("button", name="Seuraa").click()
    expect(page.get_by_role("alert")).to_contain_text("Tarkista sähköpostiosoite")
    assert_accessible(page)

    page.get_by_label("Sähköpostiosoitteesi").fill("asukas@example.fi")
    page.get_by_label("Jäsenhaun alkaminen").uncheck()
    page.get_by_label("heti, yksi viesti kustakin uutisesta").check()
    page.get_by_role("button", name="Seuraa").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tarkista sähköpostisi")
    assert_accessible(page)

    (first,) = mail.outbox
    assert first.to == ["asukas@example.fi"]
    page.goto(link(first, "vahvista"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Vahvista seuraaminen")
    assert_accessible(page)
    page.get_by_role("button", name="Vahvista ja aloita seuraaminen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Seuraat nyt")
    assert_accessible(page)
    subscription = Subscription.objects.get()
    assert subscription.is_active and subscription.topics == ["meetings", "ideas"]

    # A clerk publishes Valkeala's next meeting: the follower gets one mail.
    starts = timezone.now() + datetime.timedelta(days=14)
    meeting_save(
        meeting=Meeting(
            committee=Committee.objects.get(slug="valkeala"),
            title="Joulukuun kokous",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
            address="Valkealan kirjasto",
            is_published=True,
        )
    )
    (notice,) = mail.outbox[1:]
    assert "Joulukuun kokous" in notice.subject
    assert notice.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # The follower changes their choices on the page the mail links to.
    page.goto(link(notice, "tilaus"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Seuraamisesi")
    assert_accessible(page)
    page.get_by_label("kerran viikossa koosteena").check()
    page.get_by_role("button", name="Tallenna muutokset").click()
    expect(page.get_by_role("status")).to_contain_text("Valintasi tallennettiin")

    # The mail program's one-click unsubscribe (RFC 8058): a bare POST, no cookie, no page.
    unsubscribe = notice.extra_headers["List-Unsubscribe"].strip("<>")
    response = page.request.post(
        unsubscribe,
        data="List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status == 200
    subscription.refresh_from_db()
    assert not subscription.is_active

    # The visible link shows the page that says so.
    page.goto(link(notice, "peru"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Et enää seuraa")
    assert_accessible(page)
