"""
The committees app's addresses: the committees under /aluetoimikunnat/ (namespace
``committees``) and the meetings under /kokoukset/ (``meetings``), mounted whole by the site's
URLconf (``portal.urls``). The pages of /tilat/ are the bookings app's; a committee's own page,
which gathers every app's content, is the site layer's (``portal.views.committee_detail``, URL
name ``committee``), and the form to follow a committee is the following app's.
"""

from django.urls import include, path

from committees import calendars, invitation_views, meeting_views, views

committee_patterns = [
    path("", views.committee_index, name="index"),
    path("<slug:slug>/kalenteri.ics", calendars.committee_meetings_ics, name="calendar"),
    path("<slug:slug>/kokoukset.atom", calendars.MeetingFeed(), name="feed"),
    path("<slug:slug>/<slug:term>/", views.committee_term, name="term"),
]

meeting_patterns = [
    path("", meeting_views.meeting_list, name="list"),
    path("kalenteri.ics", calendars.all_meetings_ics, name="calendar"),
    path("syote.atom", calendars.MeetingFeed(), name="feed"),
    path("<int:pk>/", meeting_views.meeting_detail, name="detail"),
    path("<int:pk>/poytakirja.pdf", meeting_views.meeting_minutes_pdf, name="minutes_pdf"),
    path("<int:pk>/esityslista/", meeting_views.meeting_agenda, name="agenda"),
    path("<int:pk>/poytakirja/", meeting_views.meeting_minutes, name="minutes"),
    path("liitteet/<int:pk>.pdf", meeting_views.meeting_attachment, name="attachment"),
    # An invitation's answer: "kutsu" is no number, so it never shadows a meeting. The page
    # comes before the link, whose token would otherwise match "vastaus".
    path(
        "kutsu/vastaus/<slug:answer>/",
        invitation_views.invitation_answer_page,
        name="invitation_answer",
    ),
    path("kutsu/poistu/", invitation_views.invitation_leave, name="invitation_leave"),
    path(
        "kutsu/<str:token>/<slug:answer>/",
        invitation_views.invitation_link,
        name="invitation_link",
    ),
]

urlpatterns = [
    path("aluetoimikunnat/", include((committee_patterns, "committees"))),
    path("kokoukset/", include((meeting_patterns, "meetings"))),
]
