"""
The following app's addresses, mounted whole by the site's URLconf (``portal.urls``): the form
under a committee's page and the pages the mail links to.
"""

from django.urls import path

from following import views

app_name = "following"

urlpatterns = [
    path("aluetoimikunnat/<slug:slug>/seuraa/", views.follow, name="follow"),
    path(
        "aluetoimikunnat/<slug:slug>/seuraa/kiitos/",
        views.follow_requested,
        name="follow_requested",
    ),
    # The mailed links move their token into the session and redirect to "oma" (own).
    path("seuranta/oma/vahvista/", views.confirmation, name="confirmation"),
    path("seuranta/oma/tilaus/", views.preferences, name="preferences"),
    path("seuranta/oma/peru/", views.unsubscription, name="unsubscription"),
    path("seuranta/oma/poistu/", views.leave, name="leave"),
    path("seuranta/vahvista/<str:token>/", views.confirm, name="confirm"),
    path("seuranta/tilaus/<str:token>/", views.manage, name="manage"),
    path("seuranta/peru/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
