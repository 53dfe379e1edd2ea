"""The campaigns' numbers of applicants per area as open data: counts only, never who."""

from django.utils.translation import gettext_lazy as _

from kouvola_alue.registry import Dataset, Field
from recruitment.models import Campaign
from recruitment.selectors import campaign_numbers


def campaign_rows(absolute):
    campaigns = Campaign.objects.newest_first()
    for numbers in campaign_numbers(campaigns):
        campaign = numbers.campaign
        for row in numbers.rows:
            yield {
                "campaign": campaign.slug,
                "title": campaign.title,
                "year": campaign.year,
                "opens_on": campaign.opens_on,
                "closes_on": campaign.closes_on,
                "term": campaign.term.slug if campaign.term else "",
                "committees": row.committee_slugs,
                "area": row.label,
                "applicants": row.count,
                "recorded": campaign.is_recorded,
                "is_demo": campaign.is_demo,
                "url": absolute(campaign.get_absolute_url()),
            }


CAMPAIGNS = Dataset(
    slug="jasenhaut",
    title=_("Member recruitment campaigns"),
    description=_(
        "How many applied in each recruitment campaign, per area: counted on the portal for "
        "its own campaigns (withdrawn applications not counted), recorded totals for the "
        "campaigns of 2018, 2019 and 2021. One row per campaign and area."
    ),
    order=40,
    rows=campaign_rows,
    fields=[
        Field("campaign", _("Stable identifier of the campaign, also in its web address.")),
        Field("title", _("Name of the campaign in Finnish.")),
        Field("year", _("The year of the campaign."), "integer"),
        Field("opens_on", _("First day of the application period (may be empty)."), "date"),
        Field("closes_on", _("Last day of the application period (may be empty)."), "date"),
        Field("term", _("The term the members were sought for (identifier, may be empty).")),
        Field(
            "committees",
            _(
                "Identifiers of the committees the number is for: one, or several when only "
                "a total was recorded for them together."
            ),
            "list",
        ),
        Field("area", _("The area or areas, as shown on the site.")),
        Field("applicants", _("Number of applicants."), "integer"),
        Field(
            "recorded",
            _("True for campaigns run before the portal, whose numbers were recorded by hand."),
            "boolean",
        ),
        Field("is_demo", _("True for fictional demo content."), "boolean"),
        Field("url", _("The campaign's page."), "url"),
    ],
)
