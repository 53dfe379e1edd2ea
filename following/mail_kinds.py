"""
The follower's first mail (``kouvola_alue.mailqueue.outbox``): the confirmation link, or for
an address already following, a note. (The news, digests and staff reminders have their own
records, ``Delivery``, ``Digest`` and ``StaffReminder``, sent in batches by following/tasks.)
"""

from django.utils.translation import override

from following import mails
from following.models import Subscription
from kouvola_alue.mailqueue.outbox import MailKind


def _request(mail):
    subscription = (
        Subscription.objects.select_related("committee").filter(pk=mail.object_id).first()
    )
    if subscription is None or subscription.unsubscribed_at is not None:
        return None
    with override(subscription.language):
        return mails.request_message(subscription, already=mail.params["already"])


MAILS = (
    MailKind(
        kind="follow-request",
        build=_request,
        what="the confirmation request of subscription {object_id}",
    ),
)
