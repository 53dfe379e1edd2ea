"""
The requester's private link. It carries only a signed random key, so the address says
nothing about the requester and cannot be guessed or altered to reach another request
(``kouvola_alue.signed_links``); its pages are ``kouvola_alue.privatelinks``', with the
applications' session rules.
"""

from django.utils.translation import gettext_lazy as _

from bookings.models import BookingRequest
from kouvola_alue.privatelinks import PrivateLink
from kouvola_alue.signed_links import SignedKey

BOOKING_LINK = PrivateLink(
    "bookings_request",
    key=SignedKey(
        salt="bookings.request-link",
        rows=BookingRequest.objects.select_related("space__committee"),
    ),
    home="spaces:list",
    home_label=_("Community spaces"),
    invalid_text=_(
        "Check that you copied the whole link from the e-mail. An unconfirmed booking request "
        "expires after two days, and then the link no longer works."
    ),
    left_message=_(
        "You have left the pages of your booking. The link in your e-mail opens them again."
    ),
)


def booking_token(booking):
    return BOOKING_LINK.token(booking)
