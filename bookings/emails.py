"""The mails a requester gets: the link to confirm the request, and the staff's decision."""

from urllib.parse import urljoin

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from bookings.services import CONFIRM_HOURS
from bookings.tokens import booking_token
from kouvola_alue.singleline import one_line

KINDS = ("received", "approved", "declined")


def booking_message(*, booking, kind, site_url):
    """
    The mail of ``kind`` about ``booking`` in the language the requester used; ``site_url``
    (https://aluetoimikunnat.kouvola.fi/) makes the private link absolute.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown booking mail {kind!r}")
    with translation.override(booking.language):
        path = reverse("spaces:booking_link", kwargs={"token": booking_token(booking)})
        context = {
            "booking": booking,
            "space": booking.space,
            "slots": list(booking.slots.all()),
            "link": urljoin(site_url, path),
            "space_url": urljoin(site_url, booking.space.get_absolute_url()),
            "privacy_url": urljoin(site_url, reverse("privacy")),
            "confirm_hours": CONFIRM_HOURS,
        }
        subject = render_to_string(f"bookings/email/{kind}_subject.txt", context)
        body = render_to_string(f"bookings/email/{kind}_body.txt", context)
    return EmailMessage(one_line(subject), body, to=[booking.email])
