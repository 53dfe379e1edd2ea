"""
Mail about project ideas, sent by the task worker: staff told of a proposal to moderate, and
the proposer's receipt and news (projects/emails.py). The queue holds only ids.
"""

from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tasks import task

from kouvola_alue.mailqueue import SENT, deliver
from kouvola_alue.singleline import one_line
from projects.emails import proposer_message
from projects.models import ProjectIdea, ProposerMessage


@task()
def notify_staff_of_proposal(*, idea_id, site_url="", attempt=1):
    """``site_url`` (https://aluetoimikunnat.kouvola.fi/) makes the admin link absolute."""
    recipients = settings.STAFF_NOTIFY_EMAIL
    idea = ProjectIdea.objects.filter(pk=idea_id).prefetch_related("committees").first()
    if not recipients or idea is None:
        return "skipped"
    admin_url = urljoin(site_url, reverse("admin:projects_projectidea_change", args=[idea.pk]))
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
    return deliver(
        EmailMessage(one_line(subject), body, settings.DEFAULT_FROM_EMAIL, recipients),
        what=f"the staff notice of project idea {idea_id}",
        task=notify_staff_of_proposal,
        kwargs={"idea_id": idea_id, "site_url": site_url},
        attempt=attempt,
    )


@task()
def send_to_proposer(*, message_id, site_url="", attempt=1):
    """
    Send the ``ProposerMessage`` ``message_id`` unless it has gone already. The row is locked
    while the mail is handed to the server, so the same message queued twice, or run again
    by a restarted worker, goes once; what was sent is marked on it.
    """
    with transaction.atomic():
        message = (
            # Only the message's row is locked: PostgreSQL cannot lock the nullable side of
            # the outer join to its (optional) status change.
            ProposerMessage.objects.select_for_update(of=("self",))
            .select_related("idea", "status_change")
            .filter(pk=message_id)
            .first()
        )
        if message is None or message.sent_at is not None:
            return "skipped"
        if not message.is_still_wanted:
            return "skipped"
        result = deliver(
            proposer_message(message, site_url=site_url),
            what=f"the {message.kind} message to the proposer of project idea {message.idea_id}",
            task=send_to_proposer,
            kwargs={"message_id": message_id, "site_url": site_url},
            attempt=attempt,
        )
        if result == SENT:
            message.sent_at = timezone.now()
            message.save(update_fields=["sent_at"])
    return result
