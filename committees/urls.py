from django.urls import path

from committees import calendars, views

app_name = "committees"

urlpatterns = [
    path("", views.committee_index, name="index"),
    path("<slug:slug>/", views.committee_detail, name="detail"),
    path("<slug:slug>/kalenteri.ics", calendars.committee_meetings_ics, name="calendar"),
    path("<slug:slug>/kokoukset.atom", calendars.MeetingFeed(), name="feed"),
    path("<slug:slug>/<slug:term>/", views.committee_term, name="term"),
]
