"""
The links in a subscriber's mail: a subscription's random ``key`` signed with the secret key
(``kouvola_alue.signed_links``), never the address; their pages are
``kouvola_alue.privatelinks``'. Renewing the key when an address subscribes again makes every
earlier link stop working.
"""

from django.core import signing
from django.utils.translation import gettext_lazy as _

from following.models import Subscription
from kouvola_alue.privatelinks import PrivateLink
from kouvola_alue.signed_links import ExpiredLink, InvalidLink, SignedKey

# A confirmation link works for a week; an unconfirmed request is deleted after 30 days.
CONFIRM_MAX_AGE = 7 * 24 * 60 * 60


class SubscriptionKey(SignedKey):
    """
    Also reads the links mailed before the portal's links had one form (``[pk, key]`` signed
    with ``signing.dumps``): a manage or unsubscribe link in an old mail (its List-Unsubscribe
    header too) keeps working as long as the subscription and its key last.
    """

    def row(self, token):
        try:
            return super().row(token)
        except ExpiredLink:
            raise
        except InvalidLink:
            try:
                pk, key = signing.loads(token, salt=self.salt, max_age=self.max_age)
            except (signing.BadSignature, ValueError, TypeError) as error:
                raise InvalidLink from error
            row = self.rows.filter(pk=pk, key=key).first()
            if row is None:
                raise InvalidLink from None
            return row


_SUBSCRIPTIONS = Subscription.objects.select_related("committee")
_HOME = {
    "home": "committees:index",
    "home_label": _("Area committees"),
    "invalid_text": _(
        "Check that you copied the whole link from the e-mail. A confirmation link works for a "
        "week, and a link from before you stopped following no longer works."
    ),
}

CONFIRM_LINK = PrivateLink(
    "following_confirm",
    key=SubscriptionKey(
        salt="following.confirm", rows=_SUBSCRIPTIONS, key_field="key", max_age=CONFIRM_MAX_AGE
    ),
    **_HOME,
)
# For managing and unsubscribing: valid as long as the subscription and its key last.
MANAGE_LINK = PrivateLink(
    "following_manage",
    key=SubscriptionKey(salt="following.manage", rows=_SUBSCRIPTIONS, key_field="key"),
    left_message=_(
        "You have left the pages of your following. The link in your e-mail opens them again."
    ),
    **_HOME,
)


def confirm_token(subscription):
    return CONFIRM_LINK.token(subscription)


def manage_token(subscription):
    return MANAGE_LINK.token(subscription)
