"""
The requester's private link. It carries only a signed random key, so the address says
nothing about the requester and cannot be guessed or altered to reach another request.
"""

import uuid

from django.core import signing

from bookings.models import BookingRequest

_SALT = "bookings.request-link"


def booking_token(booking):
    return signing.Signer(salt=_SALT).sign(booking.access_key.hex)


def booking_for_token(token):
    """The request the token was made for, or None for a wrong or tampered token."""
    try:
        key = uuid.UUID(hex=signing.Signer(salt=_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
    return BookingRequest.objects.select_related("space__committee").filter(access_key=key).first()
