"""
/sitemap.xml: every public page a search engine should know, in Finnish and English, each
with its other-language alternates and x-default (Finnish). Only what the public may see:
published ideas and meetings; no forms, search results or private application links (those
are also kept off by robots.txt).
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from committees.models import CommunitySpace, Meeting
from committees.selectors import committee_list, terms_of
from portal.models import PageSection
from projects.models import Goal, ProjectIdea
from recruitment.models import Campaign


class BilingualSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class StaticPageSitemap(BilingualSitemap):
    """The site's fixed pages; those written by staff carry the time of their latest edit."""

    changefreq = "weekly"
    edited_pages = {
        "home": PageSection.Page.HOME,
        "accessibility": PageSection.Page.ACCESSIBILITY,
        "privacy": PageSection.Page.PRIVACY,
    }

    def items(self):
        return [
            "home",
            "committees:index",
            "recruitment:index",
            "projects:list",
            "projects:goals",
            "meetings:list",
            "spaces:list",
            "opendata:index",
            "accessibility",
            "privacy",
        ]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        if item not in self.edited_pages:
            return None
        if not hasattr(self, "_edited"):
            self._edited = dict(
                PageSection.objects.order_by()
                .values_list("page")
                .annotate(latest=Max("updated_at"))
            )
        return self._edited.get(self.edited_pages[item])


class CommitteeSitemap(BilingualSitemap):
    def items(self):
        return committee_list()


class TermSitemap(BilingualSitemap):
    """A committee's roster in each term it existed in (/aluetoimikunnat/<slug>/<term>/)."""

    def items(self):
        return [(committee, term) for committee in committee_list() for term in terms_of(committee)]

    def location(self, item):
        committee, term = item
        return reverse("committees:term", kwargs={"slug": committee.slug, "term": term.slug})


class CampaignSitemap(BilingualSitemap):
    def items(self):
        return Campaign.objects.order_by("-year", "pk")


class IdeaSitemap(BilingualSitemap):
    def items(self):
        return ProjectIdea.objects.published().order_by("-published_at", "pk")

    def lastmod(self, idea):
        return idea.updated_at


class GoalSitemap(BilingualSitemap):
    def items(self):
        return Goal.objects.order_by("number")


class MeetingSitemap(BilingualSitemap):
    def items(self):
        return Meeting.objects.published().order_by("-starts_at", "pk")

    def lastmod(self, meeting):
        return meeting.updated_at


class MeetingMinutesSitemap(BilingualSitemap):
    """The checked minutes as pages (/kokoukset/<id>/poytakirja/): the decisions, findable."""

    def items(self):
        return (
            Meeting.objects.published()
            .filter(minutes_published_at__isnull=False)
            .order_by("-starts_at", "pk")
        )

    def location(self, meeting):
        return reverse("meetings:minutes", kwargs={"pk": meeting.pk})

    def lastmod(self, meeting):
        return meeting.updated_at


class SpaceSitemap(BilingualSitemap):
    def items(self):
        return CommunitySpace.objects.order_by("committee__order", "order", "name")


SITEMAPS = {
    "pages": StaticPageSitemap,
    "committees": CommitteeSitemap,
    "terms": TermSitemap,
    "campaigns": CampaignSitemap,
    "ideas": IdeaSitemap,
    "goals": GoalSitemap,
    "meetings": MeetingSitemap,
    "minutes": MeetingMinutesSitemap,
    "spaces": SpaceSitemap,
}
