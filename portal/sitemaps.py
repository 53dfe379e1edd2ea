"""
/sitemap.xml: a sitemap index (Django's ``index`` view) naming one file per section
(/sitemap-ideas.xml, /sitemap-meetings.xml, /sitemap-minutes.xml, …; a long section in pages,
?p=2), which list every public page a search engine should know, in Finnish and English, each
with its other-language alternates and x-default (Finnish). Only what the public may see:
published ideas and meetings, published minutes; no forms, search results or private
application links (those are also kept off by robots.txt).

A file holds at most ``BilingualSitemap.limit`` addresses (the protocol allows 50,000), and a
section of database rows reads only the rows of the page asked for: a file costs the same
however many ideas and meetings the portal has gathered.
"""

import datetime
import math
from collections.abc import Sequence
from html import escape

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemaps_views
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_safe

from committees.models import CommunitySpace, Meeting, Term
from committees.selectors import committee_list
from kouvola_alue.registry import url_maker
from portal.models import PageSection
from projects.models import Goal, ProjectIdea
from recruitment.models import Campaign


class _BilingualRows(Sequence):
    """
    A queryset's rows as the (row, language) pairs Django's i18n sitemap paginates, read a
    page at a time: Django's own ``Sitemap._items()`` reads every row for every page.
    """

    def __init__(self, queryset, languages):
        self.queryset = queryset
        self.languages = languages
        self._count = None

    def count(self):
        if self._count is None:
            self._count = self.queryset.count() * len(self.languages)
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, _step = index.indices(len(self))
        per_row = len(self.languages)
        first, last = start // per_row, math.ceil(stop / per_row)
        pairs = [(row, lang) for row in self.queryset[first:last] for lang in self.languages]
        offset = first * per_row
        return pairs[start - offset : stop - offset]


class BilingualSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    # Addresses per file (each language's page is one): well under the protocol's 50,000, so
    # that one file is written in a bounded time.
    limit = 1000
    # A section of database rows names the view of their pages and the keyword of its address:
    # the address is then made once per language and file with the row's value put in, rather
    # than reversed for every row and language (kouvola_alue.registry.url_maker).
    url_name = None
    url_kwarg = "pk"

    def _location(self, item, force_lang_code=None):
        # Django activates each address's language to reverse it, four times per address with
        # the alternates; a row's address is made from its language's pattern instead.
        if self.url_name is None:
            return super()._location(item, force_lang_code)
        row, language = item
        return self._url_maker(force_lang_code or language)(getattr(row, self.url_kwarg))

    def _url_maker(self, language):
        makers = self.__dict__.setdefault("_url_makers", {})
        if language not in makers:
            sentinel = 987654321 if self.url_kwarg == "pk" else "sentinel-slug-x9"
            with translation.override(language):
                makers[language] = url_maker(str, self.url_name, **{self.url_kwarg: sentinel})
        return makers[language]

    def _items(self):
        items = self.items()
        if isinstance(items, QuerySet):
            return _BilingualRows(items, self._languages())
        return super()._items()


class UpdatedRowsMixin:
    """
    A section of rows whose pages change with the row: an address's lastmod is its row's
    ``updated_at``, and the index's the latest of the section's, in one aggregate rather than
    every row read.
    """

    def lastmod(self, row):
        return row.updated_at

    def get_latest_lastmod(self):
        return self.items().order_by().aggregate(latest=Max("updated_at"))["latest"]


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
        # Every term read once (terms_of's rule applied here): not a query per committee.
        if not hasattr(self, "_pairs"):
            terms = list(Term.objects.order_by("-starts_on"))
            self._pairs = [
                (committee, term)
                for committee in committee_list()
                for term in terms
                if term.ends_on >= committee.started_on
            ]
        return self._pairs

    def location(self, item):
        committee, term = item
        return reverse("committees:term", kwargs={"slug": committee.slug, "term": term.slug})


class CampaignSitemap(BilingualSitemap):
    def items(self):
        return Campaign.objects.order_by("-year", "pk")


class IdeaSitemap(UpdatedRowsMixin, BilingualSitemap):
    url_name, url_kwarg = "projects:detail", "slug"

    def items(self):
        return ProjectIdea.objects.published().order_by("-published_at", "pk")


class GoalSitemap(BilingualSitemap):
    def items(self):
        return Goal.objects.order_by("number")


class MeetingSitemap(UpdatedRowsMixin, BilingualSitemap):
    url_name = "meetings:detail"

    def items(self):
        return Meeting.objects.published().order_by("-starts_at", "pk")


class MeetingMinutesSitemap(UpdatedRowsMixin, BilingualSitemap):
    """The checked minutes as pages (/kokoukset/<id>/poytakirja/): the decisions, findable."""

    url_name = "meetings:minutes"

    def items(self):
        published = Meeting.objects.published().filter(minutes_published_at__isnull=False)
        return published.order_by("-starts_at", "pk")


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


# --- The files ----------------------------------------------------------------------------------

URLSET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)


def _day(moment):
    if isinstance(moment, datetime.datetime):
        moment = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return f"{moment:%Y-%m-%d}"


def urlset_xml(urls):
    """
    The <urlset> Django's sitemap.xml template writes, for the url dicts of
    ``Sitemap.get_urls()``, written directly: a thousand addresses with their alternates cost
    the template language several times what the rest of the file does.
    """
    parts = [URLSET_HEAD]
    for url in urls:
        parts.append(f"<url><loc>{escape(url['location'])}</loc>")
        if url["lastmod"]:
            parts.append(f"<lastmod>{_day(url['lastmod'])}</lastmod>")
        if url["changefreq"]:
            parts.append(f"<changefreq>{escape(url['changefreq'])}</changefreq>")
        if url["priority"]:
            parts.append(f"<priority>{escape(url['priority'])}</priority>")
        for alternate in url.get("alternates", ()):
            parts.append(
                f'<xhtml:link rel="alternate" hreflang="{escape(alternate["lang_code"])}" '
                f'href="{escape(alternate["location"])}"/>'
            )
        parts.append("</url>\n")
    parts.append("</urlset>\n")
    return "".join(parts)


@require_safe
def section(request, section):
    """One section's file (?p=N for its later pages): Django's view, the XML written here."""
    response = sitemaps_views.sitemap(request, SITEMAPS, section=section)
    response.content = urlset_xml(response.context_data["urlset"])
    return response
