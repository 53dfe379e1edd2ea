"""
The invitation mails (``kouvola_alue.mailqueue.outbox``), sent by the task worker, never in
the clerk's or the member's request. Only the invitation's id goes into the queue; the
address and the links are read when the mail is built.
"""

from committees.invitation_mail import invitation_message
from committees.models import Invitation
from kouvola_alue.mailqueue.outbox import MailKind, mark_sent


def _invitation(mail):
    invitation = (
        Invitation.objects.select_related(
            "meeting__committee",
            "meeting__space",
            "membership__person",
            "stands_in_for__person",
        )
        .filter(pk=mail.object_id)
        .first()
    )
    if invitation is None or not invitation.membership.person.email:
        # The address was erased or removed before the mail went.
        return None
    return invitation_message(invitation, site_url=mail.params.get("site_url", ""))


MAILS = (
    MailKind(
        kind="meeting-invitation",
        build=_invitation,
        what="the invitation {object_id}",
        sent=mark_sent(Invitation),
    ),
)
