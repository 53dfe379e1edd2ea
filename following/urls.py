"""
The following app's addresses: the form under a committee's page (``committee_patterns``,
mounted by ``portal.urls`` in the committees' namespace) and the pages the mail links to.
"""

from django.urls import path

from following import views

app_name = "following"

committee_patterns = [
    path("<slug:slug>/seuraa/", views.follow, name="follow"),
    path("<slug:slug>/seuraa/kiitos/", views.follow_requested, name="follow_requested"),
]

urlpatterns = [
    # The mailed links move their token into the session and redirect to "oma" (own).
    path("oma/vahvista/", views.confirmation, name="confirmation"),
    path("oma/tilaus/", views.preferences, name="preferences"),
    path("oma/peru/", views.unsubscription, name="unsubscription"),
    path("oma/poistu/", views.leave, name="leave"),
    path("vahvista/<str:token>/", views.confirm, name="confirm"),
    path("tilaus/<str:token>/", views.manage, name="manage"),
    path("peru/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
