"""
The e-mails an applicant gets: after sending the form, after correcting the application and
after withdrawing it. Plain text in the language the applicant used; no tracking.
"""

from urllib.parse import urljoin

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from kouvola_alue.singleline import one_line
from recruitment.tokens import application_token


def _message(name, context, *, to):
    subject = render_to_string(f"recruitment/email/{name}_subject.txt", context)
    body = render_to_string(f"recruitment/email/{name}_body.txt", context)
    return EmailMessage(one_line(subject), body, to=to)


def _context(application, site_url):
    return {
        "application": application,
        "campaign": application.campaign,
        "privacy_url": urljoin(site_url, reverse("privacy")),
    }


def _private_link(application, site_url):
    path = reverse("recruitment:application", kwargs={"token": application_token(application)})
    return urljoin(site_url, path)


def application_received_message(*, application, created, language, site_url):
    """
    The confirmation with the applicant's private link or, when the same address had already
    applied to the committee, a note with the link to the earlier application. ``site_url``
    (https://aluetoimikunnat.kouvola.fi/) makes the links absolute.
    """
    with translation.override(language):
        context = {
            **_context(application, site_url),
            "link": _private_link(application, site_url),
            "created": created,
        }
        return _message("received", context, to=[application.email])


def application_corrected_message(*, application, fields, language, site_url):
    """
    The note that the application was corrected, naming the parts changed (``fields``,
    names of ``Application.PERSONAL_FIELDS``), with the private link to see it.
    """
    with translation.override(language):
        labels = [str(application._meta.get_field(name).verbose_name) for name in fields]
        context = {
            **_context(application, site_url),
            "link": _private_link(application, site_url),
            "changed": ", ".join(labels),
        }
        return _message("corrected", context, to=[application.email])


def application_withdrawn_message(*, application, email, language, site_url):
    """
    The confirmation of a withdrawal, to ``email``: the application no longer holds it.
    """
    with translation.override(language):
        context = {
            **_context(application, site_url),
            "campaign_url": urljoin(site_url, application.campaign.get_absolute_url()),
        }
        return _message("withdrawn", context, to=[email])
