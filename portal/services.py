"""
Writes of the site layer: a staff member's second factor (an authenticator app and
single-use backup codes, kept by django-otp).
"""

from django.db import transaction
from django.utils.translation import gettext
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODE_COUNT = 10
BACKUP_DEVICE_NAME = "backup"


@transaction.atomic
def authenticator_begin(*, user):
    """
    The unconfirmed authenticator whose secret the staff member is about to scan: the same
    one again if the page is reloaded, so that a code from an already scanned QR code works.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=gettext("Authenticator app"), confirmed=False
        )
    return device


@transaction.atomic
def authenticator_confirm(*, user, token):
    """
    Confirm the authenticator being enrolled with a code it shows. It replaces any earlier
    one (a person has one phone at a time) and comes with a new set of backup codes.
    Returns ``(device, codes)``, or ``(None, [])`` when the code is wrong.
    """
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False)
        .order_by("-pk")
        .first()
    )
    if device is None or not device.verify_token(token):
        return None, []
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device, backup_codes_replace(user=user)


@transaction.atomic
def backup_codes_replace(*, user):
    """New single-use backup codes for the staff member; the earlier ones stop working."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes
