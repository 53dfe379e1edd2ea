"""
The requester's private link. It carries only a signed random key, so the address says
nothing about the requester and cannot be guessed or altered to reach another request
(``kouvola_alue.signed_links``).
"""

from bookings.models import BookingRequest
from kouvola_alue.signed_links import InvalidLink, key_of_token, key_token

_SALT = "bookings.request-link"


def booking_token(booking):
    return key_token(booking.access_key, salt=_SALT)


def booking_for_token(token):
    """The request the token was made for, or None for a wrong or tampered token."""
    try:
        key = key_of_token(token, salt=_SALT)
    except InvalidLink:
        return None
    return BookingRequest.objects.select_related("space__committee").filter(access_key=key).first()
