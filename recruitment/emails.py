"""The e-mail an applicant gets after sending the form."""

import logging
import smtplib

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from recruitment.tokens import application_token

logger = logging.getLogger(__name__)


def send_application_received(*, request, application, created, language):
    """
    Send the confirmation with the applicant's private link, or, when the same address had
    already applied to the committee, a note with the link to the earlier application. Returns
    whether the mail went out; a failure is logged without any of the applicant's data.
    """
    link = request.build_absolute_uri(
        reverse("recruitment:application", kwargs={"token": application_token(application)})
    )
    context = {
        "application": application,
        "campaign": application.campaign,
        "link": link,
        "privacy_url": request.build_absolute_uri(reverse("privacy")),
        "created": created,
    }
    with translation.override(language):
        subject = render_to_string("recruitment/email/received_subject.txt", context)
        body = render_to_string("recruitment/email/received_body.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, None, [application.email])
    except (smtplib.SMTPException, OSError) as error:
        logger.error(
            "The confirmation of application %s could not be sent: %s",
            application.pk,
            type(error).__name__,
        )
        return False
    return True
