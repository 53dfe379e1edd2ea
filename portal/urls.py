"""The site's URLconf (``ROOT_URLCONF``): every app's addresses, mounted in one place."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from committees import urls as committee_urls
from kouvola_alue.views import favicon, healthz, set_language
from portal import opendata, search, views
from portal.models import PageSection

committee_patterns = [
    path("<slug:slug>/", views.committee_detail, name="detail"),
    *committee_urls.committee_patterns,
]

opendata_patterns = [
    path("", opendata.index, name="index"),
    path("<slug:slug>.json", opendata.dataset_json, name="json"),
    path("<slug:slug>.csv", opendata.dataset_csv, name="csv"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("aluetoimikunnat/", include((committee_patterns, "committees"))),
    path("jasenhaku/", include("recruitment.urls")),
    path("hankkeet/", include("projects.urls")),
    path("kokoukset/", include((committee_urls.meeting_patterns, "meetings"))),
    path("tilat/", include((committee_urls.space_patterns, "spaces"))),
    path("avoin-data/", include((opendata_patterns, "opendata"))),
    path("haku/", search.search_view, name="search"),
    path(
        "saavutettavuus/",
        views.page,
        {"page": PageSection.Page.ACCESSIBILITY},
        name="accessibility",
    ),
    path("tietosuoja/", views.page, {"page": PageSection.Page.PRIVACY}, name="privacy"),
    path("kieli/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
]

# 503 with Retry-After while the database is unreachable; the branded 500 page otherwise.
handler500 = "kouvola_alue.errors.server_error"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
