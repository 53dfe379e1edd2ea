"""The e-mail an applicant gets after sending the form."""

from urllib.parse import urljoin

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from recruitment.tokens import application_token


def application_received_message(*, application, created, language, site_url):
    """
    The confirmation with the applicant's private link or, when the same address had already
    applied to the committee, a note with the link to the earlier application. ``site_url``
    (https://aluetoimikunnat.kouvola.fi/) makes the links absolute.
    """
    with translation.override(language):
        path = reverse("recruitment:application", kwargs={"token": application_token(application)})
        context = {
            "application": application,
            "campaign": application.campaign,
            "link": urljoin(site_url, path),
            "privacy_url": urljoin(site_url, reverse("privacy")),
            "created": created,
        }
        subject = render_to_string("recruitment/email/received_subject.txt", context)
        body = render_to_string("recruitment/email/received_body.txt", context)
    return EmailMessage(" ".join(subject.split()), body, to=[application.email])
