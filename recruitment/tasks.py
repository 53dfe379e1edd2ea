"""
The applicant's confirmation mail, sent by the task worker instead of the request: a mail
server that is slow or down never holds up or breaks the thank-you page.
"""

from django_tasks import task

from kouvola_alue.limits.counters import hashed, hit
from kouvola_alue.mailqueue import deliver
from recruitment.emails import application_received_message
from recruitment.models import Application

# "You have already applied" goes to one address at most once a day: the form can be sent
# again and again with someone else's address, and each would mail that person.
REPEAT_NOTICE_PERIOD = 24 * 60 * 60


def queue_application_received(*, application, created, language, site_url):
    """
    Queue the confirmation of ``application`` (``created`` False: the note that the address
    had already applied, unless one went to it today). Only ids go into the queue.
    """
    if not created:
        notices = hit(
            "repeat-application-mail", hashed(application.email), period=REPEAT_NOTICE_PERIOD
        )
        if notices.count > 1:
            return None
    return send_application_received.enqueue(
        application_id=application.pk, created=created, language=language, site_url=site_url
    )


@task()
def send_application_received(*, application_id, created, language, site_url, attempt=1):
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
