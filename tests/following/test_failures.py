"""
A follower's mail that cannot go: a meeting title with a line break, a mail that fails every
time, a worker that stops halfway. The title stays on one line, a failed mail is tried again
on the schedule and then marked failed for staff to see, and nothing stays "being sent".
"""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from lxml import html

from committees.admin.meetings import MeetingAdminForm
from following.models import DIGEST_MAIL, NOTICE_MAIL, Delivery, Digest, Event
from kouvola_alue.mailqueue import CLAIM_TIMEOUT, RETRY_DELAYS
from kouvola_alue.mailqueue.models import Mail
from kouvola_alue.mailqueue.outbox import mails_reclaim
from tests.committees.factories import MeetingFactory
from tests.factories import UserFactory, sign_in_staff
from tests.following.test_follow_journey import publish_meeting
from tests.mail import run_worker
from tests.support import text_of

pytestmark = pytest.mark.django_db

TITLE = "Syyskokous\nBcc: kaikki@example.com"


def test_a_meeting_title_is_one_line_at_the_model_and_in_the_admin_form(valkeala):
    meeting = MeetingFactory.build(committee=valkeala, title=TITLE, address="Kylätalo")
    with pytest.raises(ValidationError) as refused:
        meeting.full_clean()
    assert refused.value.error_dict["title"][0].code == "multiline"
    meeting.title, meeting.title_en = "Syyskokous", "Autumn\u2028meeting"
    with pytest.raises(ValidationError, match="title_en"):
        meeting.full_clean()

    # A title pasted with a line break into the admin is saved on one line.
    form = MeetingAdminForm(
        data={
            "committee": valkeala.pk,
            "title": "Syys-\r\n kokous ",
            "title_en": "Autumn\nmeeting",
            "starts_at": "2027-01-11 18:00",
            "ends_at": "2027-01-11 20:00",
            "address": "Kylätalo",
        }
    )
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["title"], form.cleaned_data["title_en"]) == (
        "Syys- kokous",
        "Autumn meeting",
    )


def test_a_title_saved_with_a_line_break_still_makes_a_one_line_subject(
    valkeala, confirmed, outbox, django_capture_on_commit_callbacks
):
    # Written past the form (a script, a row from before the validator): the mail still goes.
    confirmed("seuraaja@example.fi")
    publish_meeting(valkeala, django_capture_on_commit_callbacks, TITLE)
    (notice,) = outbox
    assert (
        notice.subject
        == "Valkealan aluetoimikunta: Uusi kokous: Syyskokous Bcc: kaikki@example.com"
    )
    assert notice.to == ["seuraaja@example.fi"] and not notice.bcc
    assert Mail.objects.get(kind=NOTICE_MAIL, object_id=Delivery.objects.get().pk).state == (
        Mail.State.SENT
    )


@pytest.mark.django_db(transaction=True)
def test_a_failing_delivery_is_retried_on_the_schedule_then_failed_and_staff_see_it(
    client, settings, valkeala, confirmed, django_capture_on_commit_callbacks, time_machine
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = "tests.mail.BrokenBackend"
    confirmed("seuraaja@example.fi")
    publish_meeting(valkeala, django_capture_on_commit_callbacks, "Syyskokous")
    run_worker()  # records the event and queues its mail
    mail = Mail.objects.get(kind=NOTICE_MAIL, object_id=Delivery.objects.get().pk)
    states = []
    for _ in range(len(RETRY_DELAYS) + 1):
        run_worker()
        mail.refresh_from_db()
        states.append(mail.state)
        time_machine.move_to(timezone.now() + datetime.timedelta(seconds=max(RETRY_DELAYS) + 1))
    run_worker()
    # Waiting again after each failed attempt, never left "being sent"; failed after the last.
    assert states == [Mail.State.PENDING] * len(RETRY_DELAYS) + [Mail.State.FAILED]
    mail.refresh_from_db()
    assert (mail.state, mail.attempts) == (Mail.State.FAILED, len(RETRY_DELAYS) + 1)
    assert not DBTaskResult.objects.filter(status="FAILED").exists()

    # Staff see it on the admin's start page and in the list of deliveries (never to whom).
    clerk = UserFactory(is_staff=True, is_superuser=True)
    sign_in_staff(client, clerk)
    index = client.get("/admin/").content.decode()
    assert "uutinen, jota ei voitu lähettää kaikille seuraajille" in index
    listing = client.get("/admin/following/delivery/", {"state": "failed"})
    page = listing.content.decode()
    assert Event.objects.get().key in page and "epäonnistui" in page
    assert "seuraaja@example.fi" not in page
    # Counted by news, not again as a mail of its own.
    assert "sähköposti, jota ei saatu lähetettyä" not in index


def other_event(committee):
    return Event.objects.create(
        committee=committee, topic="ideas", kind="idea_published", object_id=1, key="idea:1"
    )


def meeting_event(committee):
    """A published meeting's event, recorded and not yet told."""
    meeting = MeetingFactory(committee=committee, title="Syyskokous", is_published=True)
    return Event.objects.create(
        committee=committee,
        topic="meetings",
        kind="meeting_published",
        object_id=meeting.pk,
        key=f"meeting_published:{meeting.pk}",
    )


def notice_mail(delivery, **fields):
    return Mail.objects.create(kind=NOTICE_MAIL, object_id=delivery.pk, **fields)


def test_a_delivery_left_being_sent_by_a_stopped_worker_is_taken_back(
    valkeala, confirmed, outbox, time_machine
):
    first, second, third = (confirmed(f"s{n}@example.fi") for n in range(3))
    event = meeting_event(valkeala)
    now = timezone.now()
    left = {
        "state": Mail.State.SENDING,
        "claimed_at": now - CLAIM_TIMEOUT - datetime.timedelta(1),
    }
    retried = notice_mail(
        Delivery.objects.create(subscription=first, event=event), attempts=1, **left
    )
    spent = notice_mail(
        Delivery.objects.create(subscription=second, event=event),
        attempts=len(RETRY_DELAYS) + 1,
        **left,
    )
    # Taken a minute ago: a worker is sending it now.
    busy = notice_mail(
        Delivery.objects.create(subscription=third, event=event),
        attempts=1,
        state=Mail.State.SENDING,
        claimed_at=now - datetime.timedelta(minutes=1),
    )

    output = io.StringIO()
    call_command("send_digests", stdout=output)

    assert "2 half-sent mails taken back" in output.getvalue()
    states = dict(Mail.objects.values_list("pk", "state"))
    assert states == {
        retried.pk: Mail.State.SENT,
        spent.pk: Mail.State.FAILED,
        busy.pk: Mail.State.SENDING,
    }
    assert [m.to for m in outbox] == [["s0@example.fi"]]
    assert list(Delivery.objects.failed()) == [Delivery.objects.get(subscription=second)]
    # Once its time is up, the last one is taken back too.
    time_machine.move_to(now + CLAIM_TIMEOUT + datetime.timedelta(minutes=2))
    assert mails_reclaim() == 1
    assert Mail.objects.get(pk=busy.pk).state == Mail.State.SENT
    assert sorted(m.to[0] for m in outbox) == ["s0@example.fi", "s2@example.fi"]


def test_a_digest_left_being_sent_is_taken_back_by_mails_reclaim_and_staff_see_its_failure(
    client, valkeala, confirmed, outbox
):
    weekly = confirmed("viikko@example.fi", frequency="weekly")
    event = meeting_event(valkeala)
    left = {
        "state": Mail.State.SENDING,
        "claimed_at": timezone.now() - CLAIM_TIMEOUT - datetime.timedelta(1),
    }
    today = timezone.localdate()
    taken_back = Digest.objects.create(subscription=weekly, created_on=today)
    Delivery.objects.create(subscription=weekly, event=event, digest=taken_back)
    Mail.objects.create(kind=DIGEST_MAIL, object_id=taken_back.pk, attempts=1, **left)
    # The digest mail a stopped worker left is sent by the one reclaim, as its next attempt.
    assert mails_reclaim() == 1
    (message,) = outbox
    assert message.to == ["viikko@example.fi"] and "Uusi kokous: Syyskokous" in message.body
    mail = Mail.objects.get(kind=DIGEST_MAIL, object_id=taken_back.pk)
    assert (mail.state, mail.attempts) == (Mail.State.SENT, 2)

    # One out of attempts is failed, and with it each piece of news it told.
    spent = Digest.objects.create(
        subscription=weekly, created_on=today - datetime.timedelta(days=7)
    )
    Delivery.objects.create(subscription=weekly, event=other_event(valkeala), digest=spent)
    Mail.objects.create(
        kind=DIGEST_MAIL, object_id=spent.pk, attempts=len(RETRY_DELAYS) + 1, **left
    )
    assert mails_reclaim() == 1 and len(outbox) == 1
    assert Mail.objects.get(kind=DIGEST_MAIL, object_id=spent.pk).state == Mail.State.FAILED
    assert [d.event.key for d in Delivery.objects.failed()] == ["idea:1"]
    clerk = UserFactory(is_staff=True, is_superuser=True)
    sign_in_staff(client, clerk)
    index = client.get("/admin/").content.decode()
    assert "uutinen, jota ei voitu lähettää kaikille seuraajille" in index
    page = client.get("/admin/following/delivery/", {"state": "failed"}).content.decode()
    assert "idea:1" in page and event.key not in page
    assert "viikko@example.fi" not in page
    # Each delivery's row shows the state and attempts of the mail that told it.
    rows = html.fromstring(client.get("/admin/following/delivery/").content.decode())
    cells = {
        text_of(row.xpath("td")[1]): [text_of(td) for td in row.xpath("td")[2:5]]
        for row in rows.xpath("//table[@id='result_list']/tbody/tr")
    }
    assert cells == {
        "idea:1": ["Valkealan aluetoimikunta", "epäonnistui", "6"],
        event.key: ["Valkealan aluetoimikunta", "lähetetty", "2"],
    }
