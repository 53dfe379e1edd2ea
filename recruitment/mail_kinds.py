"""
The applicant's mails (``kouvola_alue.mailqueue.outbox``): queued by the services, built and
sent by the task worker, so a mail server that is slow or down never holds up or breaks the
thank-you page, a correction or a withdrawal.
"""

from kouvola_alue.mailqueue.outbox import MailKind
from recruitment.emails import (
    application_corrected_message,
    application_received_message,
    application_withdrawn_message,
)
from recruitment.models import Application, WithdrawalConfirmation


def _application(pk):
    application = Application.objects.select_related("campaign", "committee").filter(pk=pk).first()
    # Withdrawn or erased before the mail went: nobody left to write to.
    return application if application is not None and application.email else None


def _received(mail):
    """``created`` False: the note that the address had already applied."""
    application = _application(mail.object_id)
    return application and application_received_message(application=application, **mail.params)


def _corrected(mail):
    """``fields``: the names of the parts corrected (not their values)."""
    application = _application(mail.object_id)
    return application and application_corrected_message(application=application, **mail.params)


def _withdrawn(mail):
    # The address is kept apart from the erased application, only until the mail has gone.
    confirmation = (
        WithdrawalConfirmation.objects.select_related(
            "application__campaign", "application__committee"
        )
        .filter(application_id=mail.object_id)
        .first()
    )
    if confirmation is None:
        return None
    return application_withdrawn_message(
        application=confirmation.application, email=confirmation.email, **mail.params
    )


def _forget_address(mail, result):
    WithdrawalConfirmation.objects.filter(application_id=mail.object_id).delete()


MAILS = (
    MailKind(
        kind="application-received",
        build=_received,
        what="the confirmation of application {object_id}",
    ),
    MailKind(
        kind="application-corrected",
        build=_corrected,
        what="the correction notice of application {object_id}",
    ),
    MailKind(
        kind="application-withdrawn",
        build=_withdrawn,
        what="the withdrawal confirmation of application {object_id}",
        sent=_forget_address,
    ),
)
