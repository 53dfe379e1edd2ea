"""The community spaces' addresses, mounted by the site's URLconf under /tilat/."""

from django.urls import path

from bookings import calendars, views

app_name = "spaces"

urlpatterns = [
    path("", views.space_list, name="list"),
    # "varaus" (a booking) is no number, so it never shadows a space.
    path("varaus/oma/", views.booking_detail, name="own_booking"),
    path("varaus/oma/peru/", views.booking_cancel_view, name="cancel_booking"),
    path("varaus/oma/poistu/", views.booking_leave, name="leave_booking"),
    path("varaus/<str:token>/", views.booking_link, name="booking_link"),
    path("<int:pk>/", views.space_detail, name="detail"),
    path("<int:pk>/varaa/", views.booking_create, name="book"),
    path("<int:pk>/varaa/lahetetty/", views.booking_sent, name="booking_sent"),
    path("<int:pk>/varattu.ics", calendars.busy_ics, name="busy_calendar"),
]
