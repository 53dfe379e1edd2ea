"""
Issue 20, defect 5: the session that carries a private link's token (an application's, a
booking request's, a meeting invitation's) ends after 30 minutes idle and when the browser is
closed, and the private pages have a "Leave" button that makes this browser forget the link.
Staff sessions keep their own expiry.
"""

import datetime
import re

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bookings.tokens import booking_token
from committees.invitation_tokens import invitation_token
from committees.models import Invitation
from recruitment.tokens import application_token
from tests.bookings.factories import bookable_space, in_days, pending_booking
from tests.committees.factories import upcoming
from tests.factories import CommitteeFactory, UserFactory, current_term, roster, sign_in_staff
from tests.recruitment.factories import ApplicationFactory, open_campaign
from tests.support import html_of

pytestmark = pytest.mark.django_db

COOKIE = settings.SESSION_COOKIE_NAME


def application_link():
    application = ApplicationFactory(campaign=open_campaign())
    token = application_token(application)
    return (
        reverse("recruitment:application", kwargs={"token": token}),
        reverse("recruitment:own_application"),
        reverse("recruitment:leave"),
    )


def booking_link():
    booking = pending_booking(bookable_space(), in_days(3), "17:00", "19:00")
    token = booking_token(booking)
    return (
        reverse("spaces:booking_link", kwargs={"token": token}),
        reverse("spaces:own_booking"),
        reverse("spaces:leave_booking"),
    )


def invitation_link():
    committee = CommitteeFactory()
    (member,), _ = roster(committee, current_term(), members=1)
    invitation = Invitation.objects.create(meeting=upcoming(committee=committee), membership=member)
    token = invitation_token(invitation)
    return (
        reverse("meetings:invitation_link", kwargs={"token": token, "answer": "tulen"}),
        reverse("meetings:invitation_answer", kwargs={"answer": "tulen"}),
        reverse("meetings:invitation_leave"),
    )


LINKS = pytest.mark.parametrize("make_link", [application_link, booking_link, invitation_link])


@LINKS
def test_the_session_ends_when_the_browser_is_closed(client, make_link):
    link, own, _ = make_link()
    assert client.get(link).status_code == 302
    cookie = client.cookies[COOKIE]
    assert cookie["max-age"] == "" and cookie["expires"] == ""
    # Each page keeps it so.
    assert client.get(own).status_code == 200
    assert client.cookies[COOKIE]["max-age"] == ""


@LINKS
def test_the_link_is_forgotten_after_half_an_hour_idle(client, make_link):
    link, own, _ = make_link()
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client.get(link)
        clock.shift(datetime.timedelta(minutes=25))
        assert client.get(own).status_code == 200
        # 50 minutes since the link was opened, 25 since the last page: still open.
        clock.shift(datetime.timedelta(minutes=25))
        assert client.get(own).status_code == 200
        clock.shift(datetime.timedelta(minutes=31))
        response = client.get(own)
        assert response.status_code == 404
        assert "Linkki ei ole voimassa" in html_of(response)
        # Forgotten for good: coming back sooner does not bring it back.
        assert client.get(own).status_code == 404


@LINKS
def test_leaving_forgets_the_link_and_says_so(make_link):
    client = Client(enforce_csrf_checks=True)
    link, own, leave = make_link()
    client.get(link)
    page = client.get(own)
    assert "Poistu sivuilta" in html_of(page)
    form = re.search(rf'action="{leave}"[^>]*>(.*?)</form>', page.content.decode(), re.S)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(1)).group(1)
    # A button, with the CSRF token: neither a link nor another site can make anyone leave.
    assert client.get(leave).status_code == 405
    assert client.post(leave).status_code == 403
    assert client.get(own).status_code == 200

    response = client.post(leave, {"csrfmiddlewaretoken": token}, follow=True)
    assert response.status_code == 200
    assert "Poistuit" in html_of(response) and "Sähköpostisi linkki avaa ne uudelleen" in (
        html_of(response)
    )
    assert client.get(own).status_code == 404


@LINKS
def test_a_staff_members_session_keeps_its_own_expiry(client, make_link):
    sign_in_staff(client, UserFactory(is_staff=True))
    link, own, leave = make_link()
    client.get(link)
    assert client.get(own).status_code == 200
    assert client.cookies[COOKIE]["max-age"] == settings.STAFF_SESSION_IDLE_SECONDS
    client.post(leave)
    assert client.get(own).status_code == 404
    # Leaving the private pages does not sign the clerk out.
    assert client.get("/admin/").status_code == 200
