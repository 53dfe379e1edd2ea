"""
The following app's addresses, mounted whole by the site's URLconf (``portal.urls``): the form
under a committee's page and the pages the mail links to.
"""

from django.urls import include, path

from following import views

app_name = "following"

# The form to follow a committee, under the committee's page.
committee_patterns = [
    path("", views.follow, name="follow"),
    path("kiitos/", views.follow_requested, name="follow_requested"),
]

# The mailed links move their token into the session and redirect to "oma" (own).
mail_patterns = [
    path("oma/vahvista/", views.confirmation, name="confirmation"),
    path("oma/tilaus/", views.preferences, name="preferences"),
    path("oma/peru/", views.unsubscription, name="unsubscription"),
    path("oma/poistu/", views.leave, name="leave"),
    path("vahvista/<str:token>/", views.confirm, name="confirm"),
    path("tilaus/<str:token>/", views.manage, name="manage"),
    path("peru/<str:token>/", views.unsubscribe, name="unsubscribe"),
]

urlpatterns = [
    path("aluetoimikunnat/<slug:slug>/seuraa/", include(committee_patterns)),
    path("seuranta/", include(mail_patterns)),
]
