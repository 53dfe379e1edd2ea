"""
Mail about project ideas (``kouvola_alue.mailqueue.outbox``): staff told of a proposal to
moderate, and the proposer's receipt and news (projects/emails.py). Queued by the services,
built and sent by the task worker.
"""

from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from kouvola_alue.mailqueue.outbox import MailKind, mark_sent
from kouvola_alue.singleline import one_line
from projects.emails import proposer_message
from projects.models import ProjectIdea, ProposerMessage


def _staff_notice(mail):
    """``site_url`` (https://aluetoimikunnat.kouvola.fi/) makes the admin link absolute."""
    recipients = settings.STAFF_NOTIFY_EMAIL
    idea = ProjectIdea.objects.filter(pk=mail.object_id).prefetch_related("committees").first()
    if not recipients or idea is None:
        return None
    admin_url = urljoin(
        mail.params.get("site_url", ""),
        reverse("admin:projects_projectidea_change", args=[idea.pk]),
    )
    # Staff read the portal in Finnish; the proposer's contact details stay in the admin.
    with override(settings.LANGUAGE_CODE):
        # The title is the proposer's text: quoted in the body, never in the subject.
        subject = _("New project idea to moderate")
        body = _(
            "A resident has proposed a project idea.\n\n"
            "Title: %(title)s\nAreas: %(areas)s\n\n"
            "It is not shown on the site until it is published. Moderate it in the admin:\n"
            "%(url)s\n"
        ) % {
            "title": idea.title,
            "areas": ", ".join(c.area_name for c in idea.committees.all()),
            "url": admin_url,
        }
    return EmailMessage(one_line(subject), body, settings.DEFAULT_FROM_EMAIL, recipients)


def _to_proposer(mail):
    message = (
        ProposerMessage.objects.select_related("idea", "status_change")
        .filter(pk=mail.object_id)
        .first()
    )
    if message is None or not message.is_still_wanted:
        return None
    return proposer_message(message, site_url=mail.params["site_url"])


MAILS = (
    MailKind(
        kind="idea-staff-notice",
        build=_staff_notice,
        what="the staff notice of project idea {object_id}",
    ),
    MailKind(
        kind="idea-proposer-message",
        build=_to_proposer,
        what="the {message_kind} message to the proposer of project idea {idea_id}",
        sent=mark_sent(ProposerMessage),
    ),
)
