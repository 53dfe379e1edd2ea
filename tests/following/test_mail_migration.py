"""
The followers' mails recorded before they went through the one mail task keep their state:
migration 0004 moves it into ``Mail`` rows (a mail still waiting is taken back by the next
``mails_reclaim``, as its old task is gone), and back when it is reversed.
"""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from following.models import DIGEST_MAIL, NOTICE_MAIL, REMINDERS_MAIL, Event
from kouvola_alue.mailqueue.models import Mail
from kouvola_alue.mailqueue.outbox import mails_reclaim
from tests.factories import UserFactory

BEFORE = [("following", "0003_follower_mail_attempts")]
AFTER = [("following", "0004_follower_mail_in_outbox")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_followers_mail_states_move_into_the_outbox_and_back(valkeala, confirmed, mailoutbox):
    subscription = confirmed("vanha@example.fi")
    meeting = Event.objects.create(
        committee=valkeala, topic="ideas", kind="idea_published", object_id=1, key="idea:1"
    )
    other = Event.objects.create(
        committee=valkeala, topic="ideas", kind="idea_published", object_id=2, key="idea:2"
    )
    user = UserFactory(is_staff=True, email="virkailija@kouvola.example")
    sent_at = timezone.now() - datetime.timedelta(days=2)
    try:
        old = migrate(BEFORE)
        Delivery = old.get_model("following", "Delivery")
        Digest = old.get_model("following", "Digest")
        StaffReminder = old.get_model("following", "StaffReminder")
        failed = Delivery.objects.create(
            subscription_id=subscription.pk, event_id=meeting.pk, state="failed", attempts=6
        )
        digest = Digest.objects.create(
            subscription_id=subscription.pk,
            created_on=timezone.localdate(),
            state="sent",
            attempts=1,
            sent_at=sent_at,
        )
        Delivery.objects.create(
            subscription_id=subscription.pk, event_id=other.pk, digest_id=digest.pk, state="sent"
        )
        told = StaffReminder.objects.create(user_id=user.pk, key="a", text="A", state="sent")
        waiting = [
            StaffReminder.objects.create(user_id=user.pk, key=key, text=key.upper())
            for key in ("b", "c")
        ]

        migrate(AFTER)
        mails = {(m.kind, m.object_id): m for m in Mail.objects.all()}
        assert set(mails) == {
            (NOTICE_MAIL, failed.pk),
            (DIGEST_MAIL, digest.pk),
            (REMINDERS_MAIL, user.pk),
        }
        assert (mails[NOTICE_MAIL, failed.pk].state, mails[NOTICE_MAIL, failed.pk].attempts) == (
            Mail.State.FAILED,
            6,
        )
        assert mails[DIGEST_MAIL, digest.pk].state == Mail.State.SENT
        assert mails[DIGEST_MAIL, digest.pk].sent_at == sent_at
        # The reminders still waiting: one mail of them, sent by the next reclaim.
        reminders = mails[REMINDERS_MAIL, user.pk]
        assert reminders.params == {"reminders": [r.pk for r in waiting]}
        assert reminders.occasion == str(waiting[0].pk)
        assert mails_reclaim() == 1
        (message,) = mailoutbox
        assert message.to == ["virkailija@kouvola.example"]
        assert "- B\n- C" in message.body and "- A" not in message.body

        old = migrate(BEFORE)
        Delivery = old.get_model("following", "Delivery")
        StaffReminder = old.get_model("following", "StaffReminder")
        assert Delivery.objects.get(pk=failed.pk).state == "failed"
        assert Delivery.objects.get(pk=failed.pk).attempts == 6
        assert Delivery.objects.get(digest_id=digest.pk).state == "sent"
        assert old.get_model("following", "Digest").objects.get().sent_at == sent_at
        assert dict(StaffReminder.objects.values_list("pk", "state")) == {
            told.pk: "sent",
            waiting[0].pk: "sent",
            waiting[1].pk: "sent",
        }
        assert not Mail.objects.exists()
    finally:
        call_command("migrate", "following", verbosity=0)
