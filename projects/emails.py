"""
The e-mails an idea's proposer gets: the receipt, the publication, a status change and a
rejection with the staff's note. Plain text in the language the proposer used; no tracking
of any kind. Each is built when the task worker sends it, from the idea as it then is.
"""

import html
from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from kouvola_alue.singleline import one_line

# What the receipt promises about moderation. Staff read every proposal; two weeks is the
# time they aim for, said once here and on the thank-you page.
MODERATION_WEEKS = 2

SUBJECTS = {
    # The receipt answers a post anyone may send: no word of the visitor's in its subject.
    "receipt": lambda: _("We received your project idea"),
    "published": lambda: _("Your project idea “%(title)s” has been published"),
    "status": lambda: _("News of your project idea “%(title)s”: %(status)s"),
    "rejected": lambda: _("Your project idea “%(title)s”"),
}


def plain_text(markup):
    """A sanitised description as the proposer wrote it, without its markup."""
    text = markup.replace("</p>", "\n\n").replace("<br>", "\n").replace("</li>", "\n")
    return html.unescape(strip_tags(text)).strip()


def proposer_message(message, *, site_url):
    """
    The ``EmailMessage`` a ``ProposerMessage`` stands for, addressed to the idea's proposer.
    ``site_url`` (https://aluetoimikunnat.kouvola.fi/) makes the links absolute.
    """
    idea = message.idea
    language = idea.proposer_language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "idea": idea,
            "title": idea.display_title,
            "areas": ", ".join(c.area_name for c in idea.committees.order_by("order", "name")),
            "goals": [goal.display_title for goal in idea.goals.order_by("number")],
            "description": plain_text(idea.description),
            "status": idea.get_status_display(),
            "change": message.status_change,
            "weeks": MODERATION_WEEKS,
            "link": urljoin(site_url, idea.get_absolute_url()),
            "propose_url": urljoin(site_url, reverse("projects:propose")),
            "privacy_url": urljoin(site_url, reverse("privacy")),
            "contact": settings.DEFAULT_FROM_EMAIL,
        }
        # The receipt repeats what the proposer sent; later news uses the title as published.
        if message.kind == message.Kind.RECEIPT:
            context["title"] = idea.title
        subject = SUBJECTS[message.kind]() % {
            "title": context["title"],
            "status": context["status"],
        }
        body = render_to_string(f"projects/email/{message.kind}.txt", context)
    return EmailMessage(one_line(subject), body, to=[idea.proposer_email])
