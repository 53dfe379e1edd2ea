"""Public pages of meetings, and the published minutes as PDF."""

import datetime

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from committees.meeting_selectors import (
    past_meetings,
    published_meetings,
    upcoming_meetings,
)
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
    upcoming = list(announced.filter(starts_at__lt=window_ends)[:UPCOMING_SHOWN])
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
    meeting = get_object_or_404(published_meetings(), pk=pk)
    return render(
        request,
        "committees/meeting_detail.html",
        {"meeting": meeting, "demo_content": meeting.is_demo, "now": timezone.now()},
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
    try:
        document = meeting.minutes_pdf.storage.open(meeting.minutes_pdf.name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404("The minutes file is missing from storage.") from None
    day = timezone.localtime(meeting.starts_at).date().isoformat()
    response = FileResponse(
        document,
        content_type="application/pdf",
        as_attachment=True,
        filename=f"poytakirja-{meeting.committee.slug}-{day}.pdf",
    )
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "public, max-age=3600"
    return response
