"""
The invitation mails, sent by the task worker, never in the clerk's or the member's request.
Only the invitation's id goes into the queue; the address and the links are read when the
task runs.
"""

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from committees.invitation_mail import invitation_message
from committees.models import Invitation
from kouvola_alue.mailqueue import SENT, deliver


@task()
def send_invitation(*, invitation_id, site_url="", attempt=1):
    """
    Send the invitation ``invitation_id`` unless it has gone already. Its row is locked while
    the mail is handed to the server, so an invitation queued twice, or run again by a
    restarted worker, is mailed once; the time it went is marked on it.
    """
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related(
                "meeting__committee",
                "meeting__space",
                "membership__person",
                "stands_in_for__person",
            )
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None or invitation.sent_at is not None:
            return "skipped"
        if not invitation.membership.person.email:
            # The address was erased or removed before the mail went.
            return "skipped"
        result = deliver(
            invitation_message(invitation, site_url=site_url),
            what=f"the invitation {invitation_id}",
            task=send_invitation,
            kwargs={"invitation_id": invitation_id, "site_url": site_url},
            attempt=attempt,
        )
        if result == SENT:
            invitation.sent_at = timezone.now()
            invitation.save(update_fields=["sent_at"])
    return result
