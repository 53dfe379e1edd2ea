"""
The requester's mails, sent by the task worker instead of the request or the clerk's save:
a mail server that is slow or down never holds up or breaks a page. Only ids go into the
queue; the message is built when the task runs.
"""

from django_tasks import task

from bookings.emails import booking_message
from bookings.models import BookingRequest
from kouvola_alue.limits.recipients import mail_allowed
from kouvola_alue.mailqueue import deliver


def queue_booking_mail(*, booking, kind, site_url):
    """
    Queue the mail of ``kind`` about ``booking`` (called after the service committed). The
    link to confirm a request goes to an address typed by whoever sent the form: it is within
    the platform's cap on mail that visitors' posts send (the staff's decisions are not).
    """
    if kind == "received" and not mail_allowed("booking-received", booking.email):
        return None
    return send_booking_mail.enqueue(booking_id=booking.pk, kind=kind, site_url=site_url)


@task()
def send_booking_mail(*, booking_id, kind, site_url, attempt=1):
    booking = BookingRequest.objects.select_related("space").filter(pk=booking_id).first()
    if booking is None or not booking.email:
        # Expired, cancelled or purged before the mail went: nobody left to write to.
        return "skipped"
    return deliver(
        booking_message(booking=booking, kind=kind, site_url=site_url),
        what=f"the {kind} mail of booking request {booking_id}",
        task=send_booking_mail,
        kwargs={"booking_id": booking_id, "kind": kind, "site_url": site_url},
        attempt=attempt,
    )
