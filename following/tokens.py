"""
The links in a subscriber's mail: signed (Django's signing with the secret key) around the
subscription's id and its random ``key``, never the address. Renewing the key when an
address subscribes again makes every earlier link stop working.
"""

from django.core import signing

from following.models import Subscription

_CONFIRM, _MANAGE = "following.confirm", "following.manage"
# A confirmation link works for a week; an unconfirmed request is deleted after 30 days.
CONFIRM_MAX_AGE = 7 * 24 * 60 * 60


def confirm_token(subscription):
    return signing.dumps([subscription.pk, subscription.key], salt=_CONFIRM)


def manage_token(subscription):
    """For managing and unsubscribing: valid as long as the subscription and its key last."""
    return signing.dumps([subscription.pk, subscription.key], salt=_MANAGE)


def _read(token, salt, max_age):
    try:
        pk, key = signing.loads(token, salt=salt, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return Subscription.objects.select_related("committee").filter(pk=pk, key=key).first()


def subscription_to_confirm(token):
    """The subscription a confirmation link names, or None (forged, expired or purged)."""
    return _read(token, _CONFIRM, CONFIRM_MAX_AGE)


def subscription_to_manage(token):
    return _read(token, _MANAGE, None)
