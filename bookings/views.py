"""
The community spaces' public pages (moved here from the committees app, which cannot know
bookings): the list with the use rates, a space's page with its free and busy times, the
booking form, the requester's private pages and the calendar of busy times.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_http_methods, require_safe

from bookings.forms import BookingForm, CancelForm, ConfirmForm
from bookings.selectors import (
    free_busy,
    month_bounds,
    rates_by_area,
    schedule_of,
    use_rates,
    year_rate,
)
from bookings.services import booking_cancel, booking_confirm, booking_request_create
from bookings.tokens import BOOKING_LINK
from committees.meeting_selectors import all_spaces, upcoming_meetings
from committees.models import CommunitySpace
from kouvola_alue.pagecache import date_value, public_page
from kouvola_alue.publicforms import PublicFormView

# How far back and ahead the week and month views may be moved: a bounded set of pages.
BROWSE_PAST_DAYS = 366
BROWSE_FUTURE_DAYS = 731


@require_safe
@public_page("spaces", clock=True)
def space_list(request):
    spaces = list(all_spaces().order_by("committee__order", "order", "name"))
    today = timezone.localdate()
    return render(
        request,
        "bookings/space_list.html",
        {
            "spaces": spaces,
            "areas": rates_by_area(spaces, today=today),
            "today": today,
            "demo_content": any(s.is_demo for s in spaces),
        },
    )


def _monday(day):
    return day - datetime.timedelta(days=day.weekday())


def _period(request, today):
    """
    The week (``?viikko=2026-12-07``) or month (``?kuukausi=2026-12``) shown, within the
    bounds; anything else shows the current week.
    """
    low = today - datetime.timedelta(days=BROWSE_PAST_DAYS)
    high = today + datetime.timedelta(days=BROWSE_FUTURE_DAYS)
    month = request.GET.get("kuukausi", "")
    if month:
        try:
            first = datetime.datetime.strptime(month[:7], "%Y-%m").date()
        except ValueError:
            first = None
        if first and low <= first <= high:
            first, last = month_bounds(first.year, first.month)
            previous = (first - datetime.timedelta(days=1)).replace(day=1)
            following = last + datetime.timedelta(days=1)
            return {
                "view": "month",
                "first": first,
                "last": last,
                "previous": f"kuukausi={previous:%Y-%m}" if previous >= low.replace(day=1) else "",
                "next": f"kuukausi={following:%Y-%m}" if following <= high else "",
            }
    try:
        week = datetime.date.fromisoformat(request.GET.get("viikko", ""))
    except ValueError:
        week = today
    if not low <= week <= high:
        week = today
    first = _monday(week)
    previous, following = first - datetime.timedelta(weeks=1), first + datetime.timedelta(weeks=1)
    return {
        "view": "week",
        "first": first,
        "last": first + datetime.timedelta(days=6),
        "previous": f"viikko={previous}" if previous >= _monday(low) else "",
        "next": f"viikko={following}" if following <= high else "",
    }


@require_safe
@public_page(
    "space:{pk}", "meetings", params={"viikko": date_value, "kuukausi": date_value}, clock=True
)
def space_detail(request, pk):
    space = get_object_or_404(CommunitySpace.objects.select_related("committee"), pk=pk)
    today = timezone.localdate()
    period = _period(request, today)
    schedule, rows = free_busy(space, period["first"], period["last"])
    months = use_rates([space.pk], today.year, plans={space.pk: schedule})[space.pk]
    return render(
        request,
        "bookings/space_detail.html",
        {
            "space": space,
            "meetings": list(upcoming_meetings().filter(space=space)[:10]),
            "schedule": schedule,
            "period": period,
            "rows": rows,
            "today": today,
            "this_week": f"viikko={_monday(today)}",
            "this_month": f"kuukausi={today:%Y-%m}",
            "months": [(datetime.date(today.year, m, 1), rate) for m, rate in months.items()],
            "year_rate": year_rate(months),
            "demo_content": space.is_demo,
        },
    )


class BookingCreate(PublicFormView):
    form_class = BookingForm
    template_name = "bookings/booking_form.html"

    def dispatch(self, request, pk):
        self.space = get_object_or_404(CommunitySpace.objects.select_related("committee"), pk=pk)
        self.schedule = schedule_of(self.space)
        if not self.schedule.is_bookable:
            return render(
                request,
                "bookings/not_bookable.html",
                {"space": self.space, "demo_content": self.space.is_demo},
                status=404,
            )
        return super().dispatch(request, pk)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "space": self.space, "schedule": self.schedule}

    def get_context_data(self, **kwargs):
        space = self.space
        return super().get_context_data(space=space, demo_content=space.is_demo, **kwargs)

    @sensitive_variables()
    def submit(self, form):
        # Refused (409) if someone else's booking was approved while the form was filled in.
        # The service queues the mail on commit: it goes from the task worker.
        booking_request_create(
            space=self.space,
            language=get_language(),
            site_url=self.request.build_absolute_uri("/"),
            **form.submission(),
        )

    def get_success_url(self):
        return reverse("spaces:booking_sent", kwargs={"pk": self.space.pk})


booking_create = BookingCreate.as_view()


@require_safe
def booking_sent(request, pk):
    space = get_object_or_404(CommunitySpace.objects.select_related("committee"), pk=pk)
    return render(request, "bookings/booking_sent.html", {"space": space})


# The token moves from the address into the session at once, as with applications
# (kouvola_alue.privatelinks).
booking_link = BOOKING_LINK.open_view("spaces:own_booking")
booking_leave = BOOKING_LINK.leave_view()


@require_http_methods(["GET", "HEAD", "POST"])
@BOOKING_LINK.page
def booking_detail(request, booking):
    """The requester's own request: its dates and state; confirming it is a button."""
    if request.method == "POST" and ConfirmForm(request.POST).is_valid():
        try:
            booking_confirm(booking=booking)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Thank you: your request has been confirmed and goes to the city's staff."),
            )
        return redirect("spaces:own_booking")
    return render(
        request,
        "bookings/booking_detail.html",
        {"booking": booking, "slots": list(booking.slots.all()), "space": booking.space},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@BOOKING_LINK.page
def booking_cancel_view(request, booking):
    if not booking.can_be_cancelled:
        return redirect("spaces:own_booking")
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        booking_cancel(booking=booking)
        messages.success(request, _("Your booking has been cancelled and your data removed."))
        return redirect("spaces:own_booking")
    return render(
        request,
        "bookings/booking_cancel.html",
        {"booking": booking, "form": form, "slots": list(booking.slots.all())},
    )
