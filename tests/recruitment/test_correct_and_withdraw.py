"""
The applicant's private page after applying: correcting the application while the campaign
is open, withdrawing it with the portal's own error summary, and the mails that confirm both.
Driven through the test client; the mails are read as the applicant would read them.
"""

import datetime
import re
import types

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kouvola_alue import personal_data
from kouvola_alue.audit.models import AuditEntry
from kouvola_alue.mailqueue import outbox
from kouvola_alue.mailqueue.models import Mail
from recruitment import services
from recruitment.models import Application, Campaign, WithdrawalConfirmation
from tests.recruitment.factories import ApplicationFactory, application_data
from tests.support import APPLICATION_LINK, link_in

ADDRESS = "maija.meikalainen@example.fi"
OWN = reverse("recruitment:own_application")
CORRECT = reverse("recruitment:correct")
WITHDRAW = reverse("recruitment:withdraw")
PERSONAL = ("maija", "meikäläinen", "meikalainen", "040 123", "myllykoski", "example.fi")


@pytest.fixture
def applied(client, campaign, committees, mailoutbox, django_capture_on_commit_callbacks):
    """Maija has applied and opened her private link: her session holds it."""

    def apply(language="fi"):
        prefix = "/en" if language == "en" else ""
        url = prefix + reverse("recruitment:apply", kwargs={"slug": campaign.slug})
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url, application_data(committees[1]))
        client.get(link_in(mailoutbox[0], APPLICATION_LINK))
        mailoutbox.clear()
        return Application.objects.get()

    return apply


def correction(**changes):
    data = {
        "first_name": "Maija",
        "last_name": "Meikäläinen",
        "phone": "040 123 4567",
        "district": "Myllykoski",
        "age_group": Application.AgeGroup.FROM_30_TO_49,
        "background": "Kyläyhdistyksen sihteeri ja liikuntaseuran valmentaja.",
        "motivation": "Haluan, että kylän nuorilla on paikka kokoontua.",
        "willing_to_be_deputy": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def close(campaign):
    today = timezone.localdate()
    Campaign.objects.filter(pk=campaign.pk).update(
        opens_on=today - datetime.timedelta(days=20), closes_on=today - datetime.timedelta(days=1)
    )


# --- Correcting ----------------------------------------------------------------------------


def test_the_applicant_corrects_the_application_and_gets_a_confirmation(
    client, applied, mailoutbox, django_capture_on_commit_callbacks
):
    application = applied()
    page = client.get(OWN).content.decode()
    assert f'href="{CORRECT}"' in page
    assert "Korjaa hakemusta" in page

    form = client.get(CORRECT)
    assert form.status_code == 200
    html = form.content.decode()
    assert 'value="040 123 4567"' in html
    assert "Haluan, että kylän nuorilla on paikka kokoontua." in html
    # The address is not among what can be changed.
    assert 'name="email"' not in html
    assert form["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in form["Cache-Control"]

    new_motivation = "Haluan kylään nuorisotilan ja kesätapahtumia."
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            CORRECT,
            correction(phone="050 765 4321", motivation=new_motivation, email="x@example.org"),
            follow=True,
        )

    assert response.redirect_chain == [(OWN, 302)]
    html = response.content.decode()
    assert "Korjauksesi on tallennettu" in html
    assert new_motivation in html
    assert "050 765 4321" in html
    application.refresh_from_db()
    assert (application.phone, application.motivation) == ("050 765 4321", new_motivation)
    assert application.email == ADDRESS

    (message,) = mailoutbox
    assert message.to == [ADDRESS]
    assert message.subject == "Hakemustasi on korjattu – Kouvolan aluetoimikunnat"
    assert message.body.startswith("Hei Maija,")
    assert "Valkealan aluetoimikunta" in message.body
    assert "Muutetut kohdat: puhelin, perustelut." in message.body
    assert link_in(message, APPLICATION_LINK).startswith("http://testserver/jasenhaku/hakemus/")
    assert "<" not in message.body and not getattr(message, "alternatives", None)

    # The audit trail names the parts changed, never what they now say.
    entry = AuditEntry.objects.get(action="correct")
    assert (entry.actor, entry.object_ids) == ("applicant", str(application.pk))
    assert "puhelin, perustelut" in entry.detail
    assert "050" not in entry.detail and "nuorisotila" not in entry.detail


def test_a_correction_is_checked_as_the_application_form_is(
    client, applied, mailoutbox, django_capture_on_commit_callbacks
):
    application = applied()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CORRECT, correction(phone="soita iltaisin", motivation=""))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Virhe:" in html
    assert "Korjauksia ei vielä tallennettu" in html
    assert '<a href="#id_motivation">Perustelut:' in html
    assert "040 123 4567" in html  # the error message's example
    assert 'value="soita iltaisin"' in html
    application.refresh_from_db()
    assert application.phone == "040 123 4567"
    assert application.motivation.startswith("Haluan")
    assert not mailoutbox


def test_saving_without_a_change_sends_nothing(
    client, applied, mailoutbox, django_capture_on_commit_callbacks
):
    applied()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CORRECT, correction(), follow=True)
    assert "Et muuttanut mitään" in response.content.decode()
    assert not mailoutbox
    assert not AuditEntry.objects.filter(action="correct").exists()


def test_an_applicant_using_english_gets_the_correction_in_english(
    client, applied, mailoutbox, django_capture_on_commit_callbacks
):
    applied(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en" + CORRECT, correction(district="Jokela"), follow=True)
    assert "Your corrections have been saved" in response.content.decode()
    (message,) = mailoutbox
    assert message.subject.startswith("Your application has been corrected")
    assert "Changed: district of residence." in message.body
    assert "/en/jasenhaku/hakemus/" in message.body


def test_after_the_campaign_closes_the_correction_is_refused_clearly(
    client, applied, campaign, mailoutbox
):
    application = applied()
    close(campaign)
    page = client.get(OWN).content.decode()
    assert f'href="{CORRECT}"' not in page
    assert "Hakuaika on päättynyt, joten hakemusta ei voi enää korjata." in page

    response = client.get(CORRECT)
    assert response.status_code == 200
    assert "joten hakemusta ei voi enää korjata" in response.content.decode()
    assert 'name="motivation"' not in response.content.decode()

    response = client.post(CORRECT, correction(motivation="Myöhästynyt korjaus."))
    assert response.status_code == 403
    assert "joten hakemusta ei voi enää korjata" in response.content.decode()
    application.refresh_from_db()
    assert application.motivation.startswith("Haluan")
    assert not mailoutbox


def test_the_service_refuses_a_closed_campaign_and_a_decided_application(campaign, committees):
    application = ApplicationFactory(campaign=campaign, committee=committees[0])
    later = campaign.closes_on + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.application_update(
            application=application, changes={"phone": "050 1"}, today=later
        )
    assert error.value.code == "closed"

    Application.objects.filter(pk=application.pk).update(status=Application.Status.NOT_SELECTED)
    with pytest.raises(ValidationError) as error:
        services.application_update(application=application, changes={"phone": "050 1"})
    assert error.value.code == "decided"
    assert Application.objects.get(pk=application.pk).phone == ""


def test_a_decided_application_has_no_correction(client, campaign, committees):
    from recruitment.tokens import application_token

    application = ApplicationFactory(
        campaign=campaign, committee=committees[0], status=Application.Status.NOT_SELECTED
    )
    client.get(reverse("recruitment:application", kwargs={"token": application_token(application)}))
    assert f'href="{CORRECT}"' not in client.get(OWN).content.decode()
    response = client.post(CORRECT, correction(motivation="Muutettu."))
    assert response.status_code == 302
    assert Application.objects.get(pk=application.pk).motivation == "Haluan kehittää kylää."


def test_without_the_private_link_there_is_nothing_to_correct(client):
    for method in (client.get, client.post):
        response = method(CORRECT)
        assert response.status_code == 404
        assert "Linkki ei ole voimassa" in response.content.decode()


@pytest.mark.parametrize("backend", ["tests.mail.RefusingBackend", "tests.mail.DownBackend"])
def test_mail_failures_of_a_correction_and_a_withdrawal_log_no_personal_data(
    client, applied, settings, caplog, backend, django_capture_on_commit_callbacks
):
    application = applied()
    settings.EMAIL_BACKEND = backend
    with caplog.at_level("DEBUG"):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(CORRECT, correction(motivation="Uusi perustelu nuorille."))
        with django_capture_on_commit_callbacks(execute=True):
            client.post(WITHDRAW, {"confirm": "on"})
    assert f"the correction notice of application {application.pk}" in caplog.text
    assert f"the withdrawal confirmation of application {application.pk}" in caplog.text
    for personal in (*PERSONAL, "uusi perustelu", "/jasenhaku/hakemus/"):
        assert personal not in caplog.text.lower()
    # Given up (no retries on this backend): the address is not kept for another try.
    assert not WithdrawalConfirmation.objects.exists()


# --- Withdrawing ---------------------------------------------------------------------------


def test_the_withdrawal_step_uses_the_error_summary_and_clear_verbs(client, applied):
    applied()
    html = client.get(WITHDRAW).content.decode()
    assert ">Peru hakemukseni</button>" in html
    assert "Älä peru, palaa hakemukseen</a>" in html
    # No browser pop-up: nothing asks the browser to confirm or to validate.
    assert "confirm(" not in html and "onclick" not in html.lower()
    assert re.search(r'<form method="post" novalidate', html)

    response = client.post(WITHDRAW, {})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Virhe:" in html
    summary = re.search(
        r'<div class="alert alert-danger error-summary" role="alert".*?</div>', html, re.S
    )
    assert "Hakemusta ei peruttu" in summary.group(0)
    assert '<a href="#id_confirm">' in summary.group(0)
    assert "Vahvista perumisesi rastittamalla ruutu." in summary.group(0)
    assert Application.objects.get().status == Application.Status.RECEIVED


def test_a_withdrawal_is_confirmed_by_mail_and_the_address_then_forgotten(
    client, applied, campaign, mailoutbox, django_capture_on_commit_callbacks
):
    application = applied()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(WITHDRAW, {"confirm": "on"}, follow=True)
        # Sent twice (a double click, the back button): one withdrawal, one mail.
        client.post(WITHDRAW, {"confirm": "on"})

    assert "Vahvistus on matkalla sähköpostiisi" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    assert application.email == "" and application.personal_data_removed_at
    (message,) = mailoutbox
    assert message.to == [ADDRESS]
    assert message.subject == "Hakemuksesi on peruttu – Kouvolan aluetoimikunnat"
    body = message.body
    assert body.startswith("Hei,\n\nhakemuksesi (Valkealan aluetoimikunta, Jäsenhaku testi)")
    assert f"voit hakea uudelleen {campaign.closes_on.strftime('%-d.%-m.%Y')} asti" in body
    assert f"http://testserver/jasenhaku/{campaign.slug}/" in body
    # Nothing of the application's contents, and no link to what no longer exists.
    assert "Maija" not in body and "/jasenhaku/hakemus/" not in body
    assert "<" not in body
    # Once sent, the address is gone from the database too.
    assert not WithdrawalConfirmation.objects.exists()


def test_the_withdrawal_confirmation_goes_once_even_if_its_task_runs_again(
    client, applied, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    applied()
    queued = []
    monkeypatch.setattr(
        outbox,
        "send_mail",
        types.SimpleNamespace(enqueue=lambda **kwargs: queued.append(kwargs)),
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(WITHDRAW, {"confirm": "on"})
    monkeypatch.undo()
    (kwargs,) = queued
    # The queue holds the mail's id: nothing personal.
    assert set(kwargs) == {"mail_id"}
    stored = Mail.objects.get(pk=kwargs["mail_id"])
    assert stored.kind == "application-withdrawn"
    assert set(stored.params) == {"language", "site_url"}
    for _ in range(2):
        outbox.send_mail.enqueue(**kwargs)
    assert [m.to for m in mailoutbox] == [[ADDRESS]]


def test_an_applicant_using_english_gets_the_withdrawal_in_english(
    client, applied, mailoutbox, django_capture_on_commit_callbacks
):
    applied(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en" + WITHDRAW, {"confirm": "on"})
    (message,) = mailoutbox
    assert message.subject.startswith("Your application has been withdrawn")
    assert "has been withdrawn as you asked" in message.body


def test_the_purge_forgets_confirmations_the_worker_never_sent(campaign, committees):
    application = ApplicationFactory(campaign=campaign, committee=committees[0])
    old = WithdrawalConfirmation.objects.create(
        application=application,
        email="vanha@example.fi",
        created_at=timezone.now() - datetime.timedelta(days=3),
    )
    recent = WithdrawalConfirmation.objects.create(application=application, email="uusi@example.fi")
    personal_data.purge(name="withdrawal confirmations")
    assert list(WithdrawalConfirmation.objects.all()) == [recent]
    assert not WithdrawalConfirmation.objects.filter(pk=old.pk).exists()
