"""The community spaces' use rate as open data: hours only, never who booked or why."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bookings.selectors import use_rates_between
from committees.meeting_selectors import all_spaces
from kouvola_alue.registry import Dataset, Field


def _minutes(hours):
    return round(hours * 60)


def use_rate_rows(absolute):
    """One row per space and month of last year and this year, oldest first."""
    spaces = list(all_spaces().order_by("committee__order", "order", "name"))
    year = timezone.localdate().year
    rates = use_rates_between([s.pk for s in spaces], year - 1, year)
    for each_year in (year - 1, year):
        for space in spaces:
            for month in range(1, 13):
                rate = rates[space.pk][(each_year, month)]
                yield {
                    "space_id": space.pk,
                    "space": space.name,
                    "committee": space.committee.slug,
                    "year": each_year,
                    "month": month,
                    "bookable_minutes": _minutes(rate.bookable_hours),
                    "booked_minutes": _minutes(rate.booked_hours),
                    "use_rate_percent": rate.percent,
                    "is_demo": space.is_demo,
                    "url": absolute(space.get_absolute_url()),
                }


USE_RATES = Dataset(
    slug="tilojen-kayttoaste",
    title=_("Use rate of the community spaces"),
    description=_(
        "How much of each community space's bookable time was booked or held a committee "
        "meeting, per month of last year and this year (future months: what is booked so far). "
        "Counts of time only: who booked and why are not published."
    ),
    order=55,
    rows=use_rate_rows,
    fields=[
        Field("space_id", _("Stable number of the space."), "integer"),
        Field("space", _("Name of the space.")),
        Field("committee", _("The committee's identifier (slug).")),
        Field("year", _("Year."), "integer"),
        Field("month", _("Month, 1–12."), "integer"),
        Field(
            "bookable_minutes",
            _("Minutes the space could be booked in the month (its bookable hours)."),
            "integer",
        ),
        Field(
            "booked_minutes",
            _(
                "Minutes of the bookable time during which the space was booked or held a "
                "meeting; overlaps counted once."
            ),
            "integer",
        ),
        Field(
            "use_rate_percent",
            _("Booked minutes ÷ bookable minutes × 100, rounded; empty if nothing was bookable."),
            "integer",
        ),
        Field("is_demo", _("True for fictional demo content."), "boolean"),
        Field("url", _("The space's page."), "url"),
    ],
)
