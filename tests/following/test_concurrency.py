"""Two workers at the same moment still send each follower one mail (PostgreSQL)."""

import pytest
from django.core import mail

from following import services
from following.models import NOTICE_MAIL, Delivery, Event
from kouvola_alue.mailqueue.models import Mail
from kouvola_alue.mailqueue.outbox import send_mail
from tests.committees.factories import MeetingFactory
from tests.support import run_concurrently

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


def test_the_same_event_recorded_and_sent_by_two_workers_at_once_is_sent_once(
    valkeala, confirmed, settings
):
    # The fan-out only queues the batches (as in production); the sending is raced below.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    mail.outbox.clear()
    confirmed("eka@example.fi")
    confirmed("toka@example.fi")
    meeting = MeetingFactory(committee=valkeala)
    happening = {
        "kind": "meeting_published",
        "topic": "meetings",
        "committee_ids": [valkeala.pk],
        "object_id": meeting.pk,
        "key": f"meeting_published:{meeting.pk}",
    }
    results = run_concurrently(lambda: len(services.event_record(**happening)), [(), ()])
    assert sorted(results) == [0, 1]
    assert Event.objects.count() == 1
    mails = Mail.objects.filter(kind=NOTICE_MAIL)
    assert sorted(mails.values_list("object_id", flat=True)) == sorted(
        Delivery.objects.values_list("pk", flat=True)
    )
    ids = list(mails.values_list("pk", flat=True))
    assert len(ids) == 2 and mail.outbox == []

    def send_all():
        return [send_mail.call(mail_id=pk) for pk in ids]

    results = run_concurrently(send_all, [(), ()])
    assert sorted(results[0] + results[1]) == ["sent", "sent", "skipped", "skipped"]
    assert sorted(m.to[0] for m in mail.outbox) == ["eka@example.fi", "toka@example.fi"]
    assert set(mails.values_list("state", flat=True)) == {Mail.State.SENT}
