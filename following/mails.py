"""
The mail a subscriber receives. Plain text, the links written out as they are (no tracking
pixel, no rewritten link), and in every mail the one-click unsubscribe of
RFC 8058 (``List-Unsubscribe`` with ``List-Unsubscribe-Post``) beside a visible link to the
same page and one to manage the subscription.
"""

from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils.translation import gettext as _

from following.tokens import confirm_token, manage_token
from kouvola_alue.publisher import ID_DOMAIN
from kouvola_alue.singleline import one_line


def _url(subscription, viewname, token):
    return urljoin(subscription.site_url, reverse(viewname, kwargs={"token": token}))


def manage_url(subscription):
    return _url(subscription, "following:manage", manage_token(subscription))


def unsubscribe_url(subscription):
    return _url(subscription, "following:unsubscribe", manage_token(subscription))


def confirm_url(subscription):
    return _url(subscription, "following:confirm", confirm_token(subscription))


def _footer(subscription):
    return _(
        "You receive this because you follow %(committee)s by e-mail.\n"
        "Change what you follow or how often: %(manage)s\n"
        "Stop following (unsubscribe): %(unsubscribe)s\n"
    ) % {
        "committee": subscription.committee.display_name,
        "manage": manage_url(subscription),
        "unsubscribe": unsubscribe_url(subscription),
    }


def _list_headers(subscription):
    return {
        "List-Id": f"<{subscription.committee.slug}.seuranta.{ID_DOMAIN}>",
        "List-Unsubscribe": f"<{unsubscribe_url(subscription)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        # Answering machines and vacation notices stay quiet (RFC 3834).
        "Auto-Submitted": "auto-generated",
    }


def request_message(subscription, *, already):
    """The first mail: the confirmation link, or for an address already following, a note."""
    committee = subscription.committee.display_name
    if already:
        subject = _("You already follow %(committee)s") % {"committee": committee}
        body = _(
            "Someone (perhaps you) asked to follow %(committee)s at this address. It already "
            "follows it, so nothing was changed.\n\n"
            "Change what you follow or how often: %(manage)s\n"
            "Stop following (unsubscribe): %(unsubscribe)s\n"
        ) % {
            "committee": committee,
            "manage": manage_url(subscription),
            "unsubscribe": unsubscribe_url(subscription),
        }
    else:
        subject = _("Confirm that you follow %(committee)s") % {"committee": committee}
        body = _(
            "Someone (perhaps you) asked to follow %(committee)s by e-mail at this address.\n\n"
            "To start receiving the news, open this link and confirm within a week:\n"
            "%(link)s\n\n"
            "If it was not you, do nothing: nothing will be sent to you, and the address "
            "will be deleted in 30 days. To refuse at once: %(unsubscribe)s\n"
        ) % {
            "committee": committee,
            "link": confirm_url(subscription),
            "unsubscribe": unsubscribe_url(subscription),
        }
    signature = _("City of Kouvola – area committees")
    # Even this first mail can be refused with one click: the address is then never mailed
    # again and is deleted in 30 days.
    return _message(subscription, subject, f"{body}\n{signature}\n")


def _message(subscription, subject, body):
    """A mail to the follower, with the headers that let a mail program unsubscribe."""
    return EmailMessage(
        one_line(subject),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [subscription.email],
        headers=_list_headers(subscription),
    )


def _notice_text(notice):
    lines = [notice.title, *[f"  {line}" for line in notice.lines if line], f"  {notice.url}"]
    return "\n".join(lines)


def notice_message(subscription, notice):
    subject = f"{subscription.committee.display_name}: {notice.title}"
    return _message(
        subscription, subject, f"{_notice_text(notice)}\n\n-- \n{_footer(subscription)}"
    )


def digest_message(subscription, notices):
    subject = _("%(committee)s: news of the week") % {
        "committee": subscription.committee.display_name
    }
    items = "\n\n".join(_notice_text(notice) for notice in notices)
    return _message(subscription, subject, f"{subject}\n\n{items}\n\n-- \n{_footer(subscription)}")
