"""
The requester's mails (``kouvola_alue.mailqueue.outbox``): queued by the services, built and
sent by the task worker, so a mail server that is slow or down never holds up or breaks a
page or the clerk's save.
"""

from bookings.emails import KINDS, booking_message
from bookings.models import BookingRequest
from kouvola_alue.mailqueue.outbox import MailKind


def _builder(kind):
    def build(mail):
        booking = BookingRequest.objects.select_related("space").filter(pk=mail.object_id).first()
        if booking is None or not booking.email:
            # Expired, cancelled or purged before the mail went: nobody left to write to.
            return None
        return booking_message(booking=booking, kind=kind, **mail.params)

    return build


MAILS = tuple(
    MailKind(
        kind=f"booking-{kind}",
        build=_builder(kind),
        what=f"the {kind} mail of booking request {{object_id}}",
    )
    for kind in KINDS
)
