"""
What followers are sent, and that nothing is sent twice: ideas and recruitment, the weekly
digest, a worker restarted halfway, a command run twice, and the 30-day deletion.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks.signals import task_enqueued

from committees.services import meeting_save
from following import services
from following.models import DIGEST_MAIL, NOTICE_MAIL, Delivery, Digest, Event, Subscription
from kouvola_alue.mailqueue.models import Mail
from kouvola_alue.mailqueue.outbox import send_mail
from projects import services as idea_services
from projects.models import ProjectIdea
from tests.committees.factories import MeetingFactory
from tests.mail import run_worker
from tests.projects.factories import PendingIdeaFactory
from tests.recruitment.factories import open_campaign
from tests.support import FOLLOW_LINKS, link_in, path_of

pytestmark = pytest.mark.django_db


def mail_of(delivery):
    """The outbox's record of the delivery's own mail (news told at once)."""
    return Mail.objects.get(kind=NOTICE_MAIL, object_id=delivery.pk)


def run_again(mail):
    """The same mail task handed out again (a restarted worker, a queue delivering twice)."""
    return send_mail.call(mail_id=mail.pk)


def record_published(committee, meeting):
    """What the worker does with the news of ``meeting`` published (``record_happening``)."""
    return services.event_record(
        kind="meeting_published",
        topic="meetings",
        committee_ids=[committee.pk],
        object_id=meeting.pk,
        key=f"meeting_published:{meeting.pk}",
    )


def publish(meeting, capture):
    meeting.is_published = True
    with capture(execute=True):
        meeting_save(meeting=meeting)


def soon(committee, **fields):
    starts = timezone.now() + datetime.timedelta(days=5)
    return MeetingFactory(
        committee=committee,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        is_published=False,
        **fields,
    )


def test_a_published_idea_and_its_status_change_are_told_to_its_areas_followers(
    valkeala, confirmed, outbox, django_capture_on_commit_callbacks
):
    confirmed("ideat@example.fi")
    confirmed("kokoukset@example.fi", follows_ideas=False)
    idea = PendingIdeaFactory(committees=[valkeala], title="Kyläkirjasto")
    with django_capture_on_commit_callbacks(execute=True):
        idea_services.idea_publish(idea=idea)
    assert [(m.to, m.subject) for m in outbox] == [
        (["ideat@example.fi"], "Valkealan aluetoimikunta: Uusi hankeidea: Kyläkirjasto")
    ]
    with django_capture_on_commit_callbacks(execute=True):
        idea_services.idea_change_status(idea=idea, status=ProjectIdea.Status.IN_PROGRESS)
    assert len(outbox) == 2
    assert outbox[1].subject.startswith("Valkealan aluetoimikunta: Hankeidea ”Kyläkirjasto” on")
    # Unpublished and published again: told once only.
    with django_capture_on_commit_callbacks(execute=True):
        idea_services.idea_unpublish(idea=idea)
        idea_services.idea_publish(idea=idea)
    assert len(outbox) == 2


def test_the_status_change_of_an_unpublished_idea_is_told_to_no_one(
    valkeala, confirmed, outbox, django_capture_on_commit_callbacks
):
    confirmed()
    idea = PendingIdeaFactory(committees=[valkeala])
    with django_capture_on_commit_callbacks(execute=True):
        idea_services.idea_change_status(idea=idea, status=ProjectIdea.Status.IN_PROGRESS)
    assert outbox == [] and not Event.objects.exists()


def test_an_open_recruitment_is_told_once_by_the_daily_command(
    valkeala, confirmed, outbox, django_capture_on_commit_callbacks
):
    confirmed("haku@example.fi", follows_meetings=False, follows_ideas=False)
    open_campaign(valkeala, title="Lisähaku")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", stdout=io.StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", stdout=io.StringIO())
    assert [m.subject for m in outbox] == ["Valkealan aluetoimikunta: Jäsenhaku on auki: Lisähaku"]


def test_a_meeting_unpublished_before_its_mail_goes_is_not_told(
    valkeala, confirmed, outbox, django_capture_on_commit_callbacks
):
    subscription = confirmed()
    meeting = soon(valkeala)
    meeting.is_published = True
    meeting_save(meeting=meeting)
    (event,) = record_published(valkeala, meeting)
    delivery = Delivery.objects.get(subscription=subscription, event=event)
    type(meeting).objects.filter(pk=meeting.pk).update(is_published=False)
    assert run_again(mail_of(delivery)) == "skipped"
    assert mail_of(delivery).state == Mail.State.SKIPPED
    assert outbox == []


def test_a_restarted_worker_or_a_repeated_task_sends_nothing_twice(
    valkeala, confirmed, outbox, django_capture_on_commit_callbacks
):
    first, second = confirmed("eka@example.fi"), confirmed("toka@example.fi")
    meeting = soon(valkeala)
    publish(meeting, django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in outbox) == ["eka@example.fi", "toka@example.fi"]
    # The same tasks run again (a worker that died before reporting them done) send nothing.
    for delivery in Delivery.objects.order_by("pk"):
        assert run_again(mail_of(delivery)) == "skipped"
    # The same happening announced again (by a retried listener) records and sends nothing.
    assert record_published(valkeala, meeting) == []
    assert len(outbox) == 2
    # A worker that stopped between claiming a mail and sending it leaves it claimed: the
    # next worker does not send it again (at most once, never twice; mails_reclaim decides).
    claimed = mail_of(Delivery.objects.get(subscription=second))
    Mail.objects.filter(pk=claimed.pk).update(state=Mail.State.SENDING)
    assert run_again(claimed) == "skipped"
    assert len(outbox) == 2
    assert mail_of(Delivery.objects.get(subscription=first)).state == Mail.State.SENT


def test_each_follower_gets_a_mail_task_of_its_own_holding_only_its_id(
    valkeala, confirmed, outbox, django_capture_on_commit_callbacks
):
    for number in range(5):
        confirmed(f"seuraaja{number}@example.fi")
    calls = []

    def heard(sender, task_result, **kwargs):
        if task_result.task.name == "send_mail":
            calls.append(task_result.kwargs)

    task_enqueued.connect(heard)
    try:
        publish(soon(valkeala), django_capture_on_commit_callbacks)
    finally:
        task_enqueued.disconnect(heard)
    notices = Mail.objects.filter(kind=NOTICE_MAIL)
    assert sorted(call["mail_id"] for call in calls) == sorted(notices.values_list("pk", flat=True))
    assert [list(call) for call in calls] == [["mail_id"]] * 5
    assert sorted(notices.values_list("object_id", flat=True)) == sorted(
        Delivery.objects.values_list("pk", flat=True)
    )
    assert set(notices.values_list("state", flat=True)) == {Mail.State.SENT}
    assert len(outbox) == 5


def test_a_news_mail_task_run_twice_sends_once(
    valkeala, confirmed, outbox, django_capture_on_commit_callbacks
):
    confirmed("kerran@example.fi")
    meeting = soon(valkeala, title="Kevätkokous")
    meeting.is_published = True
    # The clerk's save queues the news; the worker records it and queues its mail.
    with django_capture_on_commit_callbacks() as queued:
        meeting_save(meeting=meeting)
        record_published(valkeala, meeting)
    assert outbox == []
    (mail,) = Mail.objects.filter(kind=NOTICE_MAIL)
    assert mail.params == {} and mail.state == Mail.State.PENDING
    # The task handed out twice (a queue that delivers twice): the first sends, the second
    # finds the mail taken.
    assert [run_again(mail), run_again(mail)] == ["sent", "skipped"]
    (message,) = outbox
    assert message.to == ["kerran@example.fi"]
    assert message.subject == "Valkealan aluetoimikunta: Uusi kokous: Kevätkokous"
    # The mail queued on commit comes too late: recorded once, it is not sent again.
    for callback in queued:
        callback()
    assert len(outbox) == 1
    mail.refresh_from_db()
    assert (mail.state, mail.attempts) == (Mail.State.SENT, 1)


def test_the_weekly_digest_gathers_the_weeks_news_once(
    valkeala, confirmed, outbox, django_capture_on_commit_callbacks
):
    weekly = confirmed("viikko@example.fi", frequency=Subscription.Frequency.WEEKLY)
    publish(soon(valkeala, title="Syyskokous"), django_capture_on_commit_callbacks)
    idea = PendingIdeaFactory(committees=[valkeala], title="Kyläkirjasto")
    with django_capture_on_commit_callbacks(execute=True):
        idea_services.idea_publish(idea=idea)
    assert outbox == []  # weekly: nothing at once

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", stdout=io.StringIO())
    (digest,) = outbox
    assert digest.to == ["viikko@example.fi"]
    assert digest.subject == "Valkealan aluetoimikunta: viikon uutiset"
    assert "Uusi kokous: Syyskokous" in digest.body
    assert "Uusi hankeidea: Kyläkirjasto" in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/seuranta/peru/" in digest.extra_headers["List-Unsubscribe"]

    # Run again the same day and the next: the news was told, and a week has not passed.
    publish(soon(valkeala, title="Joulukokous"), django_capture_on_commit_callbacks)
    for days in (0, 1):
        with django_capture_on_commit_callbacks(execute=True):
            services.digests_prepare(now=timezone.now() + datetime.timedelta(days=days))
    assert len(outbox) == 1
    # A week later the new meeting comes, alone.
    with django_capture_on_commit_callbacks(execute=True):
        services.digests_prepare(now=timezone.now() + datetime.timedelta(days=7))
    assert len(outbox) == 2
    assert "Joulukokous" in outbox[1].body and "Syyskokous" not in outbox[1].body
    digests = Digest.objects.filter(subscription=weekly).values_list("pk", flat=True)
    sent = Mail.objects.filter(kind=DIGEST_MAIL, object_id__in=digests, state=Mail.State.SENT)
    assert len(digests) == sent.count() == 2
    # A digest's task run again sends nothing.
    assert {run_again(mail) for mail in sent} == {"skipped"}
    assert len(outbox) == 2


def test_addresses_unconfirmed_or_unsubscribed_for_30_days_are_deleted(valkeala, confirmed):
    now = timezone.now()
    old, recent = now - datetime.timedelta(days=31), now - datetime.timedelta(days=29)
    confirmed("aktiivinen@example.fi", requested_at=old, confirmed_at=old)
    confirmed("vahvistamaton-vanha@example.fi", requested_at=old, confirmed_at=None)
    confirmed("vahvistamaton-uusi@example.fi", requested_at=recent, confirmed_at=None)
    confirmed("peruttu-vanha@example.fi", unsubscribed_at=old)
    confirmed("peruttu-uusi@example.fi", unsubscribed_at=recent)
    call_command("purge_personal_data", stdout=io.StringIO())
    assert sorted(Subscription.objects.values_list("email", flat=True)) == [
        "aktiivinen@example.fi",
        "peruttu-uusi@example.fi",
        "vahvistamaton-uusi@example.fi",
    ]


# Transactional, as the worker closes and reopens its connection between tasks (as in
# tests/recruitment/test_mail_queue.py): real commits, no test transaction around them.
@pytest.mark.django_db(transaction=True)
def test_through_the_real_queue_only_ids_are_stored_and_the_worker_sends(
    client, settings, valkeala, follow, outbox, django_capture_on_commit_callbacks
):
    """The database queue and its worker, as `make run` and production run them."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    follow(valkeala, "jonossa@example.fi")
    assert outbox == []  # the request only queued the mail
    stored = " ".join(str(row.args_kwargs) for row in DBTaskResult.objects.all())
    assert "jonossa" not in stored and "example.fi" not in stored
    run_worker()
    (first,) = outbox
    client.get(path_of(link_in(first, FOLLOW_LINKS["confirm"])))
    client.post(reverse("following:confirmation"))

    meeting = soon(valkeala, title="Jonon kokous")
    publish(meeting, django_capture_on_commit_callbacks)
    assert len(outbox) == 1  # the clerk's save only queued the news
    run_worker()  # records the event and queues its mail to each follower
    run_worker()  # sends them
    assert [m.subject for m in outbox[1:]] == [
        "Valkealan aluetoimikunta: Uusi kokous: Jonon kokous"
    ]
    run_worker()
    assert len(outbox) == 2
    # The queue and the mails' records hold ids, never an address.
    stored = " ".join(str(row.args_kwargs) for row in DBTaskResult.objects.all())
    stored += " ".join(str(mail.params) for mail in Mail.objects.all())
    assert "jonossa" not in stored and "example.fi" not in stored
    assert Mail.objects.get(kind=NOTICE_MAIL).state == Mail.State.SENT
