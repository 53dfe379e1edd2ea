"""Meetings, community spaces, open data and search: the portal's open communication."""

from django.urls import include, path

from committees import calendars, meeting_views, opendata, search

meeting_patterns = [
    path("", meeting_views.meeting_list, name="list"),
    path("kalenteri.ics", calendars.all_meetings_ics, name="calendar"),
    path("syote.atom", calendars.MeetingFeed(), name="feed"),
    path("<int:pk>/", meeting_views.meeting_detail, name="detail"),
    path("<int:pk>/poytakirja.pdf", meeting_views.meeting_minutes_pdf, name="minutes_pdf"),
]

space_patterns = [
    path("", meeting_views.space_list, name="list"),
    path("<int:pk>/", meeting_views.space_detail, name="detail"),
]

opendata_patterns = [
    path("", opendata.index, name="index"),
    path("<slug:slug>.json", opendata.dataset_json, name="json"),
    path("<slug:slug>.csv", opendata.dataset_csv, name="csv"),
]

urlpatterns = [
    path("kokoukset/", include((meeting_patterns, "meetings"))),
    path("tilat/", include((space_patterns, "spaces"))),
    path("avoin-data/", include((opendata_patterns, "opendata"))),
    path("haku/", search.search_view, name="search"),
]
