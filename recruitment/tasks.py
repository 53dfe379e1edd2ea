"""
The applicant's mails, sent by the task worker instead of the request: a mail server that
is slow or down never holds up or breaks the thank-you page, a correction or a withdrawal.
"""

from django.db import transaction
from django_tasks import task

from kouvola_alue.limits.recipients import mail_allowed
from kouvola_alue.mailqueue import RETRYING, deliver
from recruitment.emails import (
    application_corrected_message,
    application_received_message,
    application_withdrawn_message,
)
from recruitment.models import Application, WithdrawalConfirmation


def queue_application_received(*, application, created, language, site_url):
    """
    Queue the confirmation of ``application`` (``created`` False: the note that the address
    had already applied), within the platform's cap on mail that visitors' posts send (the
    form can be sent again and again with someone else's address): "You have already
    applied" goes to an address at most once a day. Only ids go into the queue.
    """
    # Every post naming the address counts; a repeat also counts in its own daily one. So a
    # post with an address that had applied writes as much as one with a new address (whose
    # application is the other write), and the task is queued either way (it sends nothing
    # when ``quiet``): the time of the answer does not tell which it was.
    allowed = mail_allowed("application", application.email)
    if not created:
        allowed = mail_allowed("application-repeat", application.email, per_day=1)
    quiet = not allowed
    return send_application_received.enqueue(
        application_id=application.pk,
        created=created,
        language=language,
        site_url=site_url,
        quiet=quiet,
    )


@task()
def send_application_received(
    *, application_id, created, language, site_url, quiet=False, attempt=1
):
    if quiet:
        return "skipped"
    application = (
        Application.objects.select_related("campaign", "committee")
        .filter(pk=application_id)
        .first()
    )
    if application is None or not application.email:
        # Withdrawn or erased before the mail went: nobody left to write to.
        return "skipped"
    message = application_received_message(
        application=application, created=created, language=language, site_url=site_url
    )
    return deliver(
        message,
        what=f"the confirmation of application {application_id}",
        task=send_application_received,
        kwargs={
            "application_id": application_id,
            "created": created,
            "language": language,
            "site_url": site_url,
        },
        attempt=attempt,
    )


@task()
def send_application_corrected(*, application_id, fields, language, site_url, attempt=1):
    """``fields``: the names of the parts corrected (not their values)."""
    application = (
        Application.objects.select_related("campaign", "committee")
        .filter(pk=application_id)
        .first()
    )
    if application is None or not application.email:
        return "skipped"
    message = application_corrected_message(
        application=application, fields=fields, language=language, site_url=site_url
    )
    return deliver(
        message,
        what=f"the correction notice of application {application_id}",
        task=send_application_corrected,
        kwargs={
            "application_id": application_id,
            "fields": fields,
            "language": language,
            "site_url": site_url,
        },
        attempt=attempt,
    )


@task()
def send_withdrawal_confirmation(*, confirmation_id, language, site_url, attempt=1):
    """
    Send the confirmation, then forget the address it went to (unless it is to be tried
    again). The row is locked while the mail goes, and a row already gone means the
    confirmation has been sent: the same task run twice mails once.
    """
    with transaction.atomic():
        confirmation = (
            WithdrawalConfirmation.objects.select_for_update()
            .select_related("application__campaign", "application__committee")
            .filter(pk=confirmation_id)
            .first()
        )
        if confirmation is None:
            return "skipped"
        message = application_withdrawn_message(
            application=confirmation.application,
            email=confirmation.email,
            language=language,
            site_url=site_url,
        )
        result = deliver(
            message,
            what=f"the withdrawal confirmation of application {confirmation.application_id}",
            task=send_withdrawal_confirmation,
            kwargs={"confirmation_id": confirmation_id, "language": language, "site_url": site_url},
            attempt=attempt,
        )
        if result != RETRYING:
            confirmation.delete()
    return result
