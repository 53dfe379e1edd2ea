"""
Mail about project ideas, sent by the task worker: staff told of a proposal to moderate, and
a proposer told why their idea was not published. The queue holds only the idea's id.
"""

from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tasks import task

from kouvola_alue.mailqueue import deliver
from projects.models import ProjectIdea


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
        subject = _("New project idea to moderate: %(title)s") % {"title": idea.title}
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
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, recipients),
        what=f"the staff notice of project idea {idea_id}",
        task=notify_staff_of_proposal,
        kwargs={"idea_id": idea_id, "site_url": site_url},
        attempt=attempt,
    )


@task()
def notify_proposer_of_rejection(*, idea_id, attempt=1):
    idea = ProjectIdea.objects.filter(pk=idea_id).first()
    if idea is None or not idea.proposer_email or not idea.moderation_note:
        return "skipped"
    with override(settings.LANGUAGE_CODE):
        subject = _("Your project idea “%(title)s”") % {"title": idea.title}
        body = _(
            "Thank you for your project idea “%(title)s”. It will not be published on the "
            "area committees' site.\n\n%(note)s\n\nCity of Kouvola – area committees\n"
        ) % {"title": idea.title, "note": idea.moderation_note}
    return deliver(
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [idea.proposer_email]),
        what=f"the note to the proposer of project idea {idea_id}",
        task=notify_proposer_of_rejection,
        kwargs={"idea_id": idea_id},
        attempt=attempt,
    )
