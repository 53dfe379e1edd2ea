"""
The application form's protection as an applicant (or a script) meets it: a fixed window per
client address behind the proxies, and a form that is accepted once.
"""

import dataclasses
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kouvola_alue.abuse import _read_stamp, form_stamp
from recruitment.forms import ApplicationForm
from recruitment.models import Application
from tests.mail import committing
from tests.recruitment.factories import application_data


@pytest.fixture
def client(client, django_capture_on_commit_callbacks):
    """Each request commits, as in production: the mail its service queued is sent."""
    return committing(client, django_capture_on_commit_callbacks)


def apply_url(campaign):
    return reverse("recruitment:apply", kwargs={"slug": campaign.slug})


def limit_to(monkeypatch, count):
    """The application form's declared limit, lowered for the test."""
    limit = dataclasses.replace(ApplicationForm.limit, count=count)
    monkeypatch.setattr(ApplicationForm, "limit", limit)


def post(client, campaign, committee, number, **extra):
    data = application_data(committee, email=f"hakija{number}@example.fi")
    return client.post(apply_url(campaign), data, **extra).status_code


def test_the_window_does_not_restart_after_a_pause(
    client, campaign, committees, monkeypatch, time_machine
):
    limit_to(monkeypatch, 3)
    hour = timezone.now().replace(minute=0, second=0, microsecond=0) + datetime.timedelta(hours=1)
    time_machine.move_to(hour + datetime.timedelta(minutes=6), tick=False)
    assert [post(client, campaign, committees[0], n) for n in range(4)] == [302, 302, 302, 429]

    # Five minutes' pause used to reset the count; the window now runs to the full hour.
    time_machine.shift(datetime.timedelta(minutes=5))
    assert post(client, campaign, committees[0], 4) == 429
    time_machine.move_to(hour + datetime.timedelta(minutes=59, seconds=59), tick=False)
    assert post(client, campaign, committees[0], 5) == 429

    time_machine.move_to(hour + datetime.timedelta(hours=1), tick=False)
    assert post(client, campaign, committees[0], 6) == 302
    assert Application.objects.count() == 4


def test_behind_the_proxy_each_visitor_has_a_count_of_their_own(
    client, campaign, committees, monkeypatch, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    limit_to(monkeypatch, 1)
    nginx = {"REMOTE_ADDR": "127.0.0.1"}

    assert post(client, campaign, committees[0], 1, HTTP_X_FORWARDED_FOR="203.0.113.5", **nginx)
    assert (
        post(client, campaign, committees[0], 2, HTTP_X_FORWARDED_FOR="203.0.113.5", **nginx) == 429
    )
    # Someone else behind the same proxy is not stopped by the first visitor's posts…
    assert (
        post(client, campaign, committees[0], 3, HTTP_X_FORWARDED_FOR="203.0.113.6", **nginx) == 302
    )
    # …and the first cannot pass as someone else by writing an address of their own in front.
    spoofed = "198.51.100.77, 203.0.113.5"
    assert post(client, campaign, committees[0], 4, HTTP_X_FORWARDED_FOR=spoofed, **nginx) == 429
    assert Application.objects.count() == 2


def test_the_same_form_sent_twice_is_stored_once_and_the_answers_kept(
    client, campaign, committees, mailoutbox
):
    data = application_data(committees[0])
    assert client.post(apply_url(campaign), data).status_code == 302

    response = client.post(apply_url(campaign), data)

    assert response.status_code == 409
    html = response.content.decode()
    assert "Lomake on jo lähetetty kerran" in html
    assert 'value="maija.meikalainen@example.fi"' in html
    assert Application.objects.count() == 1
    assert len(mailoutbox) == 1


def test_an_expired_form_comes_back_with_a_stamp_that_can_be_sent(client, campaign, committees):
    data = application_data(committees[0], rendered_at="forged")
    response = client.post(apply_url(campaign), data)
    assert "Lomake oli vanhentunut" in response.content.decode()
    fresh = response.context["form"]["rendered_at"].value()
    assert fresh != "forged"

    # The person checks the answers for a moment and sends again: it goes through.
    issued, stamp_id = _read_stamp(fresh)
    assert stamp_id
    aged = form_stamp(issued_at=issued - 10)
    assert client.post(apply_url(campaign), {**data, "rendered_at": aged}).status_code == 302
