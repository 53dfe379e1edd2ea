"""
The invitation's private links ("tulen", "en pääse"): the invitation's random key signed with
the time it was sent (``kouvola_alue.signed_links``, as the applicant's and the booker's
links), never the member's name or address, and the answer the link gives. A link works for
``LINK_MAX_AGE``; a re-sent invitation has a new key, which ends the earlier links. Its pages
are ``kouvola_alue.privatelinks``', as every private link's.
"""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from committees.models import Invitation
from kouvola_alue.privatelinks import PrivateLink
from kouvola_alue.signed_links import SignedKey

# Invitations go out a week or two before the meeting; sixty days covers a postponed one.
LINK_MAX_AGE = 60 * 24 * 60 * 60

# The answers' slugs in the links ("tulen", "en-paase") and what each records.
ANSWER_SLUGS = {"tulen": Invitation.Answer.COMING, "en-paase": Invitation.Answer.NOT_COMING}

_NOTHING_CHANGED = _("Nothing was changed.")

INVITATION_LINK = PrivateLink(
    "committees_invitation",
    key=SignedKey(
        salt="committees.invitation",
        rows=Invitation.objects.select_related(
            "meeting__committee", "meeting__space", "membership__person"
        ),
        key_field="key",
        max_age=LINK_MAX_AGE,
    ),
    carries={"answer": ANSWER_SLUGS},
    home="meetings:list",
    home_label=_("Meetings"),
    invalid_text=format_lazy(
        "{} {}",
        _(
            "Check that you copied the whole link from the e-mail. A link of an invitation that "
            "has been sent again no longer works: use the links of the latest invitation."
        ),
        _NOTHING_CHANGED,
    ),
    expired_text=format_lazy(
        "{} {}",
        _(
            "The answer links of an invitation work for sixty days. Contact the committee's "
            "secretary to give your answer."
        ),
        _NOTHING_CHANGED,
    ),
    left_message=_(
        "You have left the pages of your invitation. The link in your e-mail opens them again."
    ),
)


def invitation_token(invitation):
    return INVITATION_LINK.token(invitation)
