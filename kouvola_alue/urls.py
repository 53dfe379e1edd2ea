from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from committees import views as committee_views
from committees.models import PageSection
from kouvola_alue.views import healthz

urlpatterns = [
    path("", committee_views.home, name="home"),
    path("aluetoimikunnat/", include("committees.urls")),
    path("jasenhaku/", include("recruitment.urls")),
    path(
        "saavutettavuus/",
        committee_views.page,
        {"page": PageSection.Page.ACCESSIBILITY},
        name="accessibility",
    ),
    path("tietosuoja/", committee_views.page, {"page": PageSection.Page.PRIVACY}, name="privacy"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
