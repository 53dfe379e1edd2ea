"""
What a proposer hears back by e-mail: the receipt, and, when they ask for it on the form,
the publication and each status change; a rejection's note. Driven through the form and the
admin as people use them; the mails are read as the proposer would read them.
"""

import re
import time

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from kouvola_alue.abuse import form_stamp
from kouvola_alue.mailqueue import outbox
from kouvola_alue.mailqueue.models import Mail
from projects import services
from projects.models import ProjectIdea, ProposerMessage
from tests.projects.factories import PendingIdeaFactory
from tests.projects.test_admin import CHANGELIST, change_url, form_data

pytestmark = pytest.mark.django_db

URL = reverse("projects:propose")
ADDRESS = "maija@example.invalid"


@pytest.fixture
def proposal(areas, goals, settings):
    settings.STAFF_NOTIFY_EMAIL = ["moderointi@kouvola.example"]
    return {
        "title": "Koirapuisto keskustaan",
        "summary": "Aidattu koirapuisto keskustan lähelle.",
        "description": "Koirat voisivat <strong>juosta</strong> vapaasti.\n\nMyös pennuille.",
        "committees": [areas["keskusta"].pk, areas["valkeala"].pk],
        "goals": [goals["osallisuus"].pk],
        "proposer_name": "Maija Ehdottaja",
        "proposer_email": ADDRESS,
        "website": "",
        "rendered_at": form_stamp(issued_at=time.time() - 30),
    }


@pytest.fixture
def propose(proposal, django_capture_on_commit_callbacks):
    """A resident sends the form (in ``language``), as a visitor of their own."""

    def send(language="fi", **changes):
        prefix = "/en" if language == "en" else ""
        with django_capture_on_commit_callbacks(execute=True):
            response = Client().post(prefix + URL, {**proposal, **changes})
        assert response.status_code == 302, response.content.decode()[:2000]
        return ProjectIdea.objects.get(title=proposal["title"])

    return send


def to_proposer():
    return [m for m in mail.outbox if m.to == [ADDRESS]]


def assert_plain_and_untracked(message):
    assert message.content_subtype == "plain"
    assert not getattr(message, "alternatives", None)
    assert "<" not in message.body
    assert "utm_" not in message.body


def test_the_form_asks_for_news_with_an_unticked_box(client, areas):
    html = client.get(URL).content.decode()
    box = re.search(r'<input type="checkbox" name="notify_proposer"[^>]*>', html).group(0)
    assert "checked" not in box
    label = re.search(r'<label for="id_notify_proposer"[^>]*>\s*([^<]+?)\s*</label>', html)
    assert label.group(1) == ("Lähetä minulle viesti, kun idea julkaistaan ja kun sen tila muuttuu")


def test_the_proposer_gets_a_receipt_of_what_they_sent(propose):
    idea = propose()

    assert idea.notify_proposer is False
    (receipt,) = to_proposer()
    # The visitor's words only as what was sent: none in the subject or the greeting.
    assert receipt.subject == "Olemme vastaanottaneet hankeideasi"
    body = receipt.body
    assert body.startswith("Hei,\n\nkiitos hankeideastasi.")
    assert "Nimesi: Maija Ehdottaja\nIdean nimi: Koirapuisto keskustaan" in body
    assert "Idea lyhyesti: Aidattu koirapuisto keskustan lähelle." in body
    assert "Koirat voisivat juosta vapaasti.\n\nMyös pennuille." in body
    assert "Alueet: Kouvolan keskusta-alue, Valkeala" in body
    assert "asukkaiden osallisuutta" in body
    assert "enintään 2 viikkoa" in body
    assert "http://testserver/tietosuoja/" in body
    # Not asked for: no promise of news.
    assert "Et pyytänyt tietoa ideasta sähköpostitse" in body
    assert_plain_and_untracked(receipt)
    # The staff's notice is another mail, without the proposer's address.
    (staff,) = [m for m in mail.outbox if m.to == ["moderointi@kouvola.example"]]
    assert ADDRESS not in staff.body
    assert ProposerMessage.objects.get(idea=idea).sent_at is not None


def test_a_proposer_using_english_hears_back_in_english(propose):
    idea = propose(language="en", notify_proposer="on")
    assert idea.proposer_language == "en"
    (receipt,) = to_proposer()
    assert receipt.subject == "We received your project idea"
    assert "thank you for your project idea" in receipt.body
    assert "As you asked, we will e-mail you" in receipt.body
    assert "http://testserver/en/tietosuoja/" in receipt.body
    assert "Hei" not in receipt.body


def test_an_opted_in_proposer_hears_of_publication_and_each_status_change_once(
    propose, clerk_client, django_capture_on_commit_callbacks
):
    idea = propose(notify_proposer="on")
    assert idea.notify_proposer is True
    assert "Pyyntösi mukaisesti lähetämme sinulle sähköpostia" in to_proposer()[0].body

    # A clerk publishes it from the moderation queue.
    publish = {"action": "publish_selected", "_selected_action": [idea.pk]}
    with django_capture_on_commit_callbacks(execute=True):
        clerk_client.post(CHANGELIST, publish)
    _receipt, published = to_proposer()
    assert published.subject == "Hankeideasi ”Koirapuisto keskustaan” on julkaistu"
    assert "Kouvolan keskusta-alue, Valkeala" in published.body
    assert "Idean tila: ehdotettu." in published.body
    assert "http://testserver/hankkeet/koirapuisto-keskustaan/" in published.body
    assert "Saat nämä viestit, koska pyysit niitä" in published.body
    assert_plain_and_untracked(published)

    # Published again after a return to the queue: the proposer was told already.
    with django_capture_on_commit_callbacks(execute=True):
        clerk_client.post(CHANGELIST, {"action": "return_to_queue", "_selected_action": [idea.pk]})
        clerk_client.post(CHANGELIST, publish)
    assert len(to_proposer()) == 2

    # The status changes in the change form, with a note for the public history.
    idea.refresh_from_db()
    change = form_data(
        idea,
        status="preparing",
        status_note="Valmistelu alkoi kaupungin puistoyksikössä.",
        notify_proposer="on",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = clerk_client.post(change_url(idea), change)
        assert response.status_code == 302
        # The same form saved again (a double click): nothing new to tell.
        clerk_client.post(change_url(idea), change)
    *_, news = to_proposer()
    assert len(to_proposer()) == 3
    assert news.subject == "Hankeideasi ”Koirapuisto keskustaan” uusi tila: valmistelussa"
    assert "Valmistelu alkoi kaupungin puistoyksikössä." in news.body
    assert "http://testserver/hankkeet/koirapuisto-keskustaan/" in news.body
    assert_plain_and_untracked(news)
    assert list(ProposerMessage.objects.filter(idea=idea).values_list("kind", flat=True)) == [
        "receipt",
        "published",
        "status",
    ]
    assert not ProposerMessage.objects.filter(sent_at__isnull=True).exists()


def test_a_message_queued_twice_or_run_again_goes_once(propose):
    idea = propose(notify_proposer="on")
    message = ProposerMessage.objects.get(idea=idea)
    # As if the queue handed the same task out again (a restarted worker, a retry).
    mail = Mail.objects.get(kind="idea-proposer-message", object_id=message.pk)
    assert outbox.send_mail.enqueue(mail_id=mail.pk).return_value == "skipped"
    assert len(to_proposer()) == 1


def test_a_proposer_who_did_not_ask_hears_only_the_receipt(
    propose, django_capture_on_commit_callbacks
):
    idea = propose()
    with django_capture_on_commit_callbacks(execute=True):
        services.idea_publish(idea=idea, site_url="http://testserver/")
        services.idea_change_status(idea=idea, status="in_progress")
    assert len(to_proposer()) == 1
    assert list(ProposerMessage.objects.values_list("kind", flat=True)) == ["receipt"]


def test_status_news_of_an_idea_still_in_moderation_waits_for_its_publication(
    propose, django_capture_on_commit_callbacks
):
    idea = propose(notify_proposer="on")
    with django_capture_on_commit_callbacks(execute=True):
        services.idea_change_status(idea=idea, status="preparing")
    assert len(to_proposer()) == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.idea_publish(idea=idea, site_url="http://testserver/")
    assert "Idean tila: valmistelussa." in to_proposer()[-1].body


def test_news_stops_when_the_proposer_asks_staff_to_stop_it(
    propose, clerk_client, django_capture_on_commit_callbacks
):
    idea = propose(notify_proposer="on")
    # The clerk unticks the box (form_data leaves it out, as an unticked box is sent).
    with django_capture_on_commit_callbacks(execute=True):
        clerk_client.post(change_url(idea), form_data(idea, moderation="published"))
    idea.refresh_from_db()
    assert idea.is_published and not idea.notify_proposer
    assert len(to_proposer()) == 1


def test_a_rejection_note_reaches_the_proposer_politely_in_their_language(
    django_capture_on_commit_callbacks,
):
    idea = PendingIdeaFactory(proposer_email=ADDRESS, proposer_language="en", title="Dog park")
    with django_capture_on_commit_callbacks(execute=True):
        services.idea_reject(
            idea=idea,
            note="A dog park is already being built nearby.",
            site_url="https://aluetoimikunnat.example/",
        )
        services.idea_moderate(idea=idea, moderation="pending")
        services.idea_reject(idea=idea)
    (note,) = to_proposer()
    assert note.subject == "Your project idea “Dog park”"
    assert "thank you for your project idea “Dog park”" in note.body
    assert "A dog park is already being built nearby." in note.body
    assert "propose other ideas:\nhttps://aluetoimikunnat.example/en/hankkeet/ehdota/" in note.body
    assert_plain_and_untracked(note)


def test_a_purged_address_is_not_written_to(propose, django_capture_on_commit_callbacks):
    idea = propose(notify_proposer="on")
    ProjectIdea.objects.filter(pk=idea.pk).update(proposer_email="", proposer_name="")
    with django_capture_on_commit_callbacks(execute=True):
        services.idea_publish(idea=idea)
    assert len(to_proposer()) == 1


@pytest.mark.parametrize("backend", ["tests.mail.RefusingBackend", "tests.mail.DownBackend"])
def test_a_failing_mail_server_logs_no_address_and_loses_no_idea(
    propose, settings, caplog, backend
):
    settings.EMAIL_BACKEND = backend
    with caplog.at_level("DEBUG"):
        idea = propose(notify_proposer="on")
    assert ProjectIdea.objects.filter(pk=idea.pk).exists()
    assert f"receipt message to the proposer of project idea {idea.pk}" in caplog.text
    for personal in (ADDRESS, "maija", "ehdottaja"):
        assert personal not in caplog.text.lower()
    # Not sent: not marked as sent.
    assert ProposerMessage.objects.get(idea=idea).sent_at is None
