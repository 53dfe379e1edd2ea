"""The applicant's journey through the test client: the form, its errors, e-mail and link."""

import dataclasses
import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.views.debug import ExceptionReporter

from recruitment.forms import ApplicationForm
from recruitment.models import Application
from tests.mail import committing
from tests.recruitment.factories import (
    ApplicationFactory,
    aged_token,
    application_data,
    closed_campaign,
    open_campaign,
)
from tests.support import APPLICATION_LINK, link_in


@pytest.fixture
def client(client, django_capture_on_commit_callbacks):
    """Each request commits, as in production: the mail its service queued is sent."""
    return committing(client, django_capture_on_commit_callbacks)


def apply_url(campaign):
    return reverse("recruitment:apply", kwargs={"slug": campaign.slug})


def test_the_form_shows_the_campaign_and_links_the_privacy_notice(client, campaign):
    response = client.get(apply_url(campaign))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Jäsenhaku testi" in html
    assert 'href="/tietosuoja/"' in html
    assert "Anjalankosken aluetoimikunta" in html
    # The honeypot is out of sight and out of the accessibility tree.
    assert re.search(r'class="hp-field"\s+aria-hidden="true"', html)


def test_a_committee_page_link_chooses_the_committee(client, campaign, committees):
    response = client.get(apply_url(campaign) + "?toimikunta=valkeala")
    assert response.context["form"]["committee"].value() == committees[1].pk
    assert re.search(rf'value="{committees[1].pk}"[^>]*checked', response.content.decode())


@pytest.mark.parametrize("hostile", ["\x00", "val\x00keala", "x" * 3000, "ä'; --"])
def test_a_hostile_committee_parameter_shows_the_form_with_nothing_chosen(
    client, campaign, committees, hostile
):
    # PostgreSQL refuses NUL characters in a query: the lookup must never reach it.
    response = client.get(apply_url(campaign), {"toimikunta": hostile})
    assert response.status_code == 200
    assert response.context["form"]["committee"].value() is None


def test_applying_stores_the_application_and_sends_the_private_link(
    client, campaign, committees, mailoutbox
):
    response = client.post(apply_url(campaign), application_data(committees[1]), follow=True)

    assert response.redirect_chain[-1][0] == reverse(
        "recruitment:thanks", kwargs={"slug": campaign.slug}
    )
    assert "Kiitos hakemuksestasi" in response.content.decode()
    application = Application.objects.get()
    assert application.committee == committees[1]
    assert application.campaign == campaign
    assert application.status == Application.Status.RECEIVED
    assert application.email == "maija.meikalainen@example.fi"
    assert application.willing_to_be_deputy is True
    assert application.language == "fi"

    (message,) = mailoutbox
    assert message.to == ["maija.meikalainen@example.fi"]
    assert "Hakemuksesi on vastaanotettu" in message.subject
    # Nothing the visitor typed in a mail anyone may have sent to anyone's address.
    assert message.body.startswith("Hei,\n") and "Maija" not in message.body
    assert "Valkealan aluetoimikunta" in message.body
    assert campaign.council_meeting_on.strftime("%-d.%-m.%Y") in message.body
    assert "/tietosuoja/" in message.body
    # The link says nothing about the applicant.
    link = link_in(message, APPLICATION_LINK)
    for personal in ("maija", "Meik", "example.fi", str(application.pk) + "/"):
        assert personal not in link.split("/jasenhaku/")[1]


def test_the_private_link_shows_what_was_sent(client, campaign, committees, mailoutbox):
    client.post(apply_url(campaign), application_data(committees[0]))
    link = link_in(mailoutbox[0], APPLICATION_LINK)
    response = client.get(link, follow=True)

    assert response.status_code == 200
    # The token leaves the address at once: the page the applicant stays on has none.
    (redirected_to, status), *_ = response.redirect_chain
    assert (redirected_to, status) == (reverse("recruitment:own_application"), 302)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert token not in response.request["PATH_INFO"]
    assert token not in response.content.decode()
    html = response.content.decode()
    assert "Maija Meikäläinen" in html
    assert "Kyläyhdistyksen sihteeri" in html
    assert "040 123 4567" in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]


def test_the_applicant_withdraws_by_the_link_and_the_data_is_removed(
    client, campaign, committees, mailoutbox
):
    client.post(apply_url(campaign), application_data(committees[0]))
    page = client.get(link_in(mailoutbox[0], APPLICATION_LINK), follow=True).content.decode()
    withdraw_url = reverse("recruitment:withdraw")
    assert f'href="{withdraw_url}"' in page
    withdraw = client.get(withdraw_url)
    assert withdraw.status_code == 200

    # Without the confirmation tick nothing happens.
    response = client.post(withdraw_url, {})
    assert response.status_code == 200
    assert Application.objects.get().status == Application.Status.RECEIVED

    response = client.post(withdraw_url, {"confirm": "on"}, follow=True)
    application = Application.objects.get()
    assert application.status == Application.Status.WITHDRAWN
    assert application.email == application.first_name == application.background == ""
    assert application.personal_data_removed_at is not None
    html = response.content.decode()
    assert "peruttu" in html
    assert "Maija" not in html
    # A withdrawn application no longer counts on the public page.
    listing = client.get(reverse("recruitment:detail", kwargs={"slug": campaign.slug}))
    assert listing.context["numbers"].total == 0


def test_a_decided_application_cannot_be_withdrawn_by_the_link(client, campaign, committees):
    from recruitment.tokens import application_token

    application = ApplicationFactory(
        campaign=campaign, committee=committees[0], status=Application.Status.NOT_SELECTED
    )
    client.get(reverse("recruitment:application", kwargs={"token": application_token(application)}))
    response = client.post(reverse("recruitment:withdraw"), {"confirm": "on"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.NOT_SELECTED
    assert application.email


def test_a_tampered_link_is_refused_politely(client, campaign, committees, mailoutbox):
    client.post(apply_url(campaign), application_data(committees[0]))
    link = link_in(mailoutbox[0], APPLICATION_LINK)
    tampered = link[:-3] + ("A" if link[-3] != "A" else "B") + link[-2:]
    for url in (tampered, "/jasenhaku/hakemus/nonsense/"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Linkki ei ole voimassa" in response.content.decode()
    # Without a link opened first, the pages of one's own application show nothing.
    for url in (reverse("recruitment:own_application"), reverse("recruitment:withdraw")):
        response = client.get(url)
        assert response.status_code == 404
        assert "Linkki ei ole voimassa" in response.content.decode()


def test_invalid_input_is_shown_on_the_form_and_kept(client, campaign, committees):
    data = application_data(
        committees[0], email="not-an-address", motivation="", privacy_notice=None
    )
    response = client.post(apply_url(campaign), data)

    assert response.status_code == 200
    assert not Application.objects.exists()
    html = response.content.decode()
    form = response.context["form"]
    assert set(form.errors) == {"email", "motivation", "privacy_notice"}
    assert "Hakemusta ei lähetetty" in html
    # Each error is tied to its field, and what was typed is still there.
    assert 'aria-describedby="id_email_error' in html or 'id_email_error"' in html
    assert re.search(r'<input[^>]*aria-invalid="true"[^>]*id="id_email"', html)
    assert 'value="not-an-address"' in html
    assert "Kyläyhdistyksen sihteeri ja liikuntaseuran valmentaja." in html
    assert "<title>Virhe:" in html


def test_the_error_summary_links_each_error_to_its_field(client, campaign, committees):
    data = {**application_data(committees[0], first_name="", age_group=""), "committee": ""}
    html = client.post(apply_url(campaign), data).content.decode()
    assert '<a href="#id_first_name">Etunimi:' in html
    # Radio groups have no single field: the link goes to the first option, which exists.
    assert '<a href="#id_age_group_0">Ikäryhmä:' in html
    assert 'id="id_age_group_0"' in html
    assert '<a href="#id_committee_0">' in html
    assert 'href="#"' not in html


def test_a_phone_number_must_look_like_one(client, campaign, committees):
    response = client.post(
        apply_url(campaign), application_data(committees[0], phone="soita iltaisin")
    )
    assert "040 123 4567" in response.context["form"].errors["phone"][0]
    assert not Application.objects.exists()


def test_errors_are_in_english_in_the_english_ui(client, campaign, committees):
    response = client.post(
        "/en" + apply_url(campaign), application_data(committees[0], first_name="")
    )
    assert "Enter your first name." in response.content.decode()


def test_a_committee_outside_the_campaign_is_refused(client, campaign):
    from tests.factories import CommitteeFactory

    other = CommitteeFactory()
    response = client.post(apply_url(campaign), application_data(other))
    assert response.status_code == 200
    assert "committee" in response.context["form"].errors
    assert not Application.objects.exists()


def test_applying_twice_to_the_same_committee_keeps_one_row_and_says_so(
    client, campaign, committees, mailoutbox
):
    first_page = client.post(apply_url(campaign), application_data(committees[0]), follow=True)
    response = client.post(
        apply_url(campaign),
        application_data(
            committees[0], email="Maija.Meikalainen@EXAMPLE.fi", motivation="Uusi teksti."
        ),
        follow=True,
    )

    assert response.status_code == 200
    assert Application.objects.count() == 1
    assert Application.objects.get().motivation.startswith("Haluan")
    # The page does not reveal to whoever typed the address that it had applied: it is the
    # same page as after a first application, and it does not hedge about a duplicate. The
    # address's owner is told by e-mail, with the link to the earlier application.
    html = response.content.decode()
    assert html == first_page.content.decode()
    assert "Jos olit jo hakenut" not in html
    assert "korjata sitä hakuaikana" in html
    first, second = mailoutbox
    assert "Olet jo hakenut" in second.subject
    assert "jo vastaanotettu" in second.body
    assert "voit korjata sitä alla olevan linkin kautta hakuaikana" in second.body
    assert link_in(first, APPLICATION_LINK) == link_in(second, APPLICATION_LINK)


def test_the_same_person_may_apply_to_another_committee(client, campaign, committees):
    client.post(apply_url(campaign), application_data(committees[0]))
    client.post(apply_url(campaign), application_data(committees[1]))
    assert Application.objects.count() == 2


@pytest.mark.parametrize("days", [-1, 8])
def test_a_closed_or_future_campaign_refuses_applications(client, committees, days):
    today = timezone.localdate()
    if days < 0:
        campaign = closed_campaign(*committees, days_ago=1)
        expected = "päättyi"
    else:
        campaign = open_campaign(
            *committees,
            opens_on=today + datetime.timedelta(days=days),
            closes_on=today + datetime.timedelta(days=days + 20),
        )
        expected = "hakemuksia otetaan vastaan"
    page = client.get(apply_url(campaign))
    assert page.status_code == 200
    assert expected in page.content.decode()
    assert "application-form" not in page.content.decode()

    response = client.post(apply_url(campaign), application_data(committees[0]))
    assert response.status_code == 403
    assert expected in response.content.decode()
    assert not Application.objects.exists()


def test_the_campaign_is_open_on_its_closing_day(client, committees):
    today = timezone.localdate()
    campaign = open_campaign(
        *committees, opens_on=today - datetime.timedelta(days=3), closes_on=today
    )
    response = client.post(apply_url(campaign), application_data(committees[0]))
    assert response.status_code == 302
    assert Application.objects.count() == 1


def test_the_honeypot_stops_a_bot(client, campaign, committees, mailoutbox):
    response = client.post(
        apply_url(campaign), application_data(committees[0], website="http://spam.example")
    )
    assert response.status_code == 200
    assert "website" in response.context["form"].errors
    assert not Application.objects.exists()
    assert not mailoutbox


def test_a_form_sent_too_quickly_is_refused(client, campaign, committees):
    response = client.post(
        apply_url(campaign), application_data(committees[0], rendered_at=aged_token(0))
    )
    assert response.status_code == 200
    assert "liian nopeasti" in response.content.decode()
    assert not Application.objects.exists()


def test_a_tampered_render_time_is_refused(client, campaign, committees):
    response = client.post(
        apply_url(campaign), application_data(committees[0], rendered_at="123:abc")
    )
    assert "rendered_at" in response.context["form"].errors
    assert not Application.objects.exists()


def test_the_rate_limit_keeps_the_answers_and_stores_nothing(
    client, campaign, committees, monkeypatch
):
    monkeypatch.setattr(
        ApplicationForm, "limit", dataclasses.replace(ApplicationForm.limit, count=2)
    )
    for number in range(2):
        response = client.post(
            apply_url(campaign), application_data(committees[0], email=f"h{number}@example.fi")
        )
        assert response.status_code == 302

    response = client.post(
        apply_url(campaign), application_data(committees[0], email="h3@example.fi")
    )
    assert response.status_code == 429
    html = response.content.decode()
    assert "liian monta lomaketta" in html
    assert 'value="h3@example.fi"' in html
    assert Application.objects.count() == 2

    # Another address is not limited.
    response = client.post(
        apply_url(campaign),
        application_data(committees[0], email="h4@example.fi"),
        REMOTE_ADDR="192.0.2.77",
    )
    assert response.status_code == 302


@pytest.mark.parametrize("backend", ["tests.mail.RefusingBackend", "tests.mail.DownBackend"])
def test_a_failing_mail_server_loses_nothing_and_logs_no_personal_data(
    client, campaign, committees, settings, caplog, backend
):
    settings.EMAIL_BACKEND = backend
    with caplog.at_level("DEBUG"):
        response = client.post(apply_url(campaign), application_data(committees[0]), follow=True)

    assert response.status_code == 200
    assert "Kiitos hakemuksestasi" in response.content.decode()
    assert Application.objects.count() == 1
    application = Application.objects.get()
    assert f"Could not send the confirmation of application {application.pk}" in caplog.text
    for personal in ("maija", "meikäläinen", "meikalainen", "040 123", "/jasenhaku/hakemus/"):
        assert personal not in caplog.text.lower()


def test_applicants_data_is_on_no_public_page(client, campaign, committees):
    client.post(apply_url(campaign), application_data(committees[0]))
    for url in (
        "/",
        reverse("recruitment:index"),
        reverse("recruitment:detail", kwargs={"slug": campaign.slug}),
        reverse("recruitment:thanks", kwargs={"slug": campaign.slug}),
        committees[0].get_absolute_url(),
    ):
        html = client.get(url).content.decode()
        assert "Meikäläinen" not in html, url
        assert "maija.meikalainen" not in html, url
        assert "Kyläyhdistyksen" not in html, url


def test_an_applicant_using_english_gets_the_e_mail_in_english(
    client, campaign, committees, mailoutbox
):
    client.post("/en" + apply_url(campaign), application_data(committees[0]))
    assert Application.objects.get().language == "en"
    (message,) = mailoutbox
    # The private link opens the application in the language it was sent in.
    assert "/en/jasenhaku/hakemus/" in message.body
    assert message.subject.startswith("Your application has been received")
    assert "thank you for your application to" in message.body
    assert "private link" in message.body


def test_an_error_report_of_a_failing_application_leaves_out_the_applicants_data(
    client, campaign, committees, monkeypatch, caplog
):
    # What Django's error report (the admins' e-mail) would contain if storing failed.
    def fail(self, *args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Application, "save", fail)
    client.raise_request_exception = False
    with caplog.at_level("ERROR", logger="django.request"):
        response = client.post(apply_url(campaign), application_data(committees[0]))
    assert response.status_code == 500
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    reporter = ExceptionReporter(record.request, *record.exc_info)
    for report in (reporter.get_traceback_text(), reporter.get_traceback_html()):
        assert "database went away" in report
        for personal in ("maija.meikalainen@example.fi", "Meikäläinen", "Myllykoski", "040 123"):
            assert personal not in report
