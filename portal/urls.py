"""
The site's URLconf (``ROOT_URLCONF``): every app's addresses, mounted in one place.

The public pages are in both languages: Finnish at /…, English at /en/… (``i18n_patterns``
without a prefix for the default language), so the URL alone says which language a page is
in. Feeds, calendars and open-data files are among them, since their titles and texts are
translated: a calendar subscribed at /en/… stays English. What has one language or none (the
admin, the health check, robots.txt, the sitemap that lists both languages, security.txt)
stays outside, without a prefix.
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps_views
from django.urls import include, path
from django.views.decorators.http import require_safe

from kouvola_alue.views import favicon, healthz, set_language
from portal import opendata, sitemaps, views, wellknown
from portal.models import PageSection
from portal.oparl import urls as oparl_urls
from portal.oparl import views as oparl_views
from portal.search import views as search_views
from portal.sitemaps import SITEMAPS

opendata_patterns = [
    path("", opendata.index, name="index"),
    path("catalog.jsonld", opendata.catalogue, name="catalogue"),
    path("datapackage.json", opendata.datapackage, name="datapackage"),
    path("<slug:slug>.json", opendata.dataset_json, name="json"),
    path("<slug:slug>.csv", opendata.dataset_csv, name="csv"),
]

urlpatterns = [
    # Django's sitemap views answer any method; like every page without a form, GET and HEAD.
    # The index names one file per section, each of a bounded size (portal/sitemaps.py).
    path(
        "sitemap.xml",
        require_safe(sitemaps_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemaps.section,
        name="sitemap_section",
    ),
    path("robots.txt", wellknown.robots_txt, name="robots_txt"),
    path(".well-known/security.txt", wellknown.security_txt, name="security_txt"),
    # The language switch before English moved to /en/: old links still lead to the page.
    path("kieli/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
    # The OParl API speaks one language (its texts are the portal's Finnish originals).
    path("oparl/v1/", include(oparl_urls)),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    # A committee's page gathers what every app holds about its area.
    path("aluetoimikunnat/<slug:slug>/", views.committee_detail, name="committee"),
    # Before the committees' addresses, whose "<slug>/<term>/" would read "<slug>/seuraa/" as
    # a term of the committee.
    path("", include("following.urls")),
    path("", include("committees.urls")),
    path("jasenhaku/", include("recruitment.urls")),
    path("hankkeet/", include("projects.urls")),
    path("tilat/", include("bookings.urls")),
    path("avoin-data/", include((opendata_patterns, "opendata"))),
    path("haku/", search_views.search_view, name="search"),
    path("oparl/", oparl_views.docs, name="oparl_docs"),
    path(
        "saavutettavuus/",
        views.page,
        {"page": PageSection.Page.ACCESSIBILITY},
        name="accessibility",
    ),
    path("tietosuoja/", views.page, {"page": PageSection.Page.PRIVACY}, name="privacy"),
    prefix_default_language=False,
)

# 503 with Retry-After while the database is unreachable; the branded 500 page otherwise.
handler500 = "kouvola_alue.errors.server_error"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
