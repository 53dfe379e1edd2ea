"""
The invitation's private links ("tulen", "en pääse"): the invitation's random key signed with
the time it was sent (``kouvola_alue.signed_links``, as the applicant's and the booker's
links), never the member's name or address. A link works for ``LINK_MAX_AGE``; a re-sent
invitation has a new key, which ends the earlier links.
"""

from committees.models import Invitation
from kouvola_alue.signed_links import ExpiredLink, InvalidLink, SignedKey

# Invitations go out a week or two before the meeting; sixty days covers a postponed one.
LINK_MAX_AGE = 60 * 24 * 60 * 60

INVITATION_KEY = SignedKey(
    salt="committees.invitation",
    rows=Invitation.objects.select_related(
        "meeting__committee", "meeting__space", "membership__person"
    ),
    key_field="key",
    max_age=LINK_MAX_AGE,
)

VALID, EXPIRED, INVALID = "valid", "expired", "invalid"


def invitation_token(invitation):
    return INVITATION_KEY.token(invitation)


def invitation_for_token(token):
    """
    ``(invitation, VALID)``; ``(None, EXPIRED)`` for a link older than ``LINK_MAX_AGE``;
    ``(None, INVALID)`` for a forged, tampered or replaced one.
    """
    try:
        return INVITATION_KEY.row(token), VALID
    except ExpiredLink:
        return None, EXPIRED
    except InvalidLink:
        return None, INVALID
