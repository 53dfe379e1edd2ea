"""
The committees app's addresses, mounted by the site's URLconf (``portal.urls``) under
/aluetoimikunnat/ and /kokoukset/ (the pages of /tilat/ are the bookings app's). A committee's
own page gathers every app's content and is the site layer's
(``portal.views.committee_detail``).
"""

from django.urls import path

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
