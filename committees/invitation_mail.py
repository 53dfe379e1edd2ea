"""The invitation mail: the meeting, its agenda's address and the two private answer links."""

from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from committees.invitation_selectors import personal_deputy_on_the_day
from committees.invitation_tokens import invitation_token


def answer_url(invitation, slug, site_url=""):
    path = reverse(
        "meetings:invitation_link", kwargs={"token": invitation_token(invitation), "answer": slug}
    )
    return urljoin(site_url, path) if site_url else path


def invitation_message(invitation, *, site_url):
    """The mail of ``invitation`` in Finnish, the committees' working language."""
    meeting = invitation.meeting
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "invitation": invitation,
            "meeting": meeting,
            "starts_at": timezone.localtime(meeting.starts_at),
            "stands_in_for": invitation.stands_in_for,
            "has_deputy": personal_deputy_on_the_day(invitation) is not None,
            "agenda_url": urljoin(site_url, meeting.get_absolute_url()),
            "coming_url": answer_url(invitation, "tulen", site_url),
            "not_coming_url": answer_url(invitation, "en-paase", site_url),
            "privacy_url": urljoin(site_url, reverse("privacy")),
        }
        subject = render_to_string("committees/email/invitation_subject.txt", context)
        body = render_to_string("committees/email/invitation_body.txt", context)
    return EmailMessage(
        " ".join(subject.split()),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [invitation.membership.person.email],
    )
