"""Public pages of meetings, and the published minutes as PDF."""

import datetime

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from committees.meeting_selectors import (
    meeting_record,
    past_meetings,
    published_meetings,
    upcoming_meetings,
)
from committees.models import AgendaItemAttachment
from committees.selectors import committee_list
from kouvola_alue.pagecache import number_value, public_page, slug_value

PAST_PER_PAGE = 20
UPCOMING_WINDOW_DAYS = 60
UPCOMING_SHOWN = 20


@require_safe
@public_page("meetings", params={"alue": slug_value, "sivu": number_value}, clock=True)
def meeting_list(request):
    """Upcoming and past meetings across committees, optionally of one area (``?alue=``)."""
    committees = list(committee_list())
    selected = next((c for c in committees if c.slug == request.GET.get("alue")), None)
    # The coming weeks, not every meeting announced for the years ahead: those are in the
    # calendars, and the page stays the same size however far ahead staff plan.
    announced = upcoming_meetings(committee=selected)
    window_ends = timezone.now() + datetime.timedelta(days=UPCOMING_WINDOW_DAYS)
    # Those in the window are the first ones announced, as the meetings come soonest first. The
    # count of all is a query of its own: a window function over the joined rows made the
    # database build every announced meeting with its committee and space (×100: 1,000 of them,
    # 2.4 ms against 0.4).
    first = list(announced[:UPCOMING_SHOWN])
    upcoming = [m for m in first if m.starts_at < window_ends]
    later = announced.count() - len(upcoming)
    page_number = request.GET.get("sivu", "")
    past = Paginator(past_meetings(committee=selected), PAST_PER_PAGE).get_page(page_number)
    context = {
        "committees": committees,
        "selected": selected,
        "upcoming_window_days": UPCOMING_WINDOW_DAYS,
        "upcoming": upcoming,
        "later_count": later,
        "past": past,
        "demo_content": any(m.is_demo for m in [*upcoming, *past]),
    }
    return render(request, "committees/meeting_list.html", context)


@require_safe
@public_page("meetings", clock=True)
def meeting_detail(request, pk):
    """A meeting: its items with their decisions, who was there and whether it had a quorum."""
    meeting = get_object_or_404(published_meetings(), pk=pk)
    return render(
        request,
        "committees/meeting_detail.html",
        {
            "meeting": meeting,
            "record": meeting_record(meeting),
            "demo_content": meeting.is_demo,
            "now": timezone.now(),
        },
    )


@require_safe
@public_page("meetings")
def meeting_agenda(request, pk):
    """The agenda (esityslista) as a page of its own, to read or print: items and proposals."""
    return _document(request, get_object_or_404(published_meetings(), pk=pk), "agenda")


@require_safe
@public_page("meetings")
def meeting_minutes(request, pk):
    """
    The minutes (pöytäkirja) as a page of its own, once staff have marked them checked: the
    accessible version of the minutes, printed for signing.
    """
    meetings = published_meetings().filter(minutes_published_at__isnull=False)
    return _document(request, get_object_or_404(meetings, pk=pk), "minutes")


def _document(request, meeting, document):
    context = {
        "meeting": meeting,
        "record": meeting_record(meeting),
        "document": document,
        "demo_content": meeting.is_demo,
    }
    return render(request, "committees/meeting_document.html", context)


@require_safe
def meeting_attachment(request, pk):
    """An agenda item's attachment of a published meeting, a sandboxed download as the minutes."""
    attachment = get_object_or_404(
        AgendaItemAttachment.objects.select_related("item__meeting"),
        pk=pk,
        item__meeting__is_published=True,
    )
    return _document_response(
        attachment.document, f"liite-{attachment.item.meeting_id}-{attachment.item.number}-{pk}.pdf"
    )


@require_safe
def meeting_minutes_pdf(request, pk):
    """
    The minutes of a published meeting, streamed from whichever storage holds them (local
    disk or a shared object store) with the PDF content type; unpublished ones stay hidden.
    An uploaded file is never shown as a page of the portal: it is a download, and should a
    browser render it anyway, ``Content-Security-Policy: sandbox`` keeps it from running
    scripts or reading the portal's cookies.
    """
    meeting = get_object_or_404(published_meetings(), pk=pk)
    if not meeting.minutes_pdf:
        raise Http404("No minutes file.")
    day = timezone.localtime(meeting.starts_at).date().isoformat()
    return _document_response(meeting.minutes_pdf, f"poytakirja-{meeting.committee.slug}-{day}.pdf")


def _document_response(stored, filename):
    try:
        document = stored.storage.open(stored.name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404("The file is missing from storage.") from None
    response = FileResponse(
        document, content_type="application/pdf", as_attachment=True, filename=filename
    )
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "public, max-age=3600"
    return response
