from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from committees import views as committee_views
from committees.models import PageSection
from kouvola_alue.views import favicon, healthz, set_language

urlpatterns = [
    path("", committee_views.home, name="home"),
    path("aluetoimikunnat/", include("committees.urls")),
    path("jasenhaku/", include("recruitment.urls")),
    path("hankkeet/", include("projects.urls")),
    path("", include("committees.openness_urls")),
    path(
        "saavutettavuus/",
        committee_views.page,
        {"page": PageSection.Page.ACCESSIBILITY},
        name="accessibility",
    ),
    path("tietosuoja/", committee_views.page, {"page": PageSection.Page.PRIVACY}, name="privacy"),
    path("kieli/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
