from django.urls import path

from portal.oparl import views

app_name = "oparl"

urlpatterns = [
    path("", views.system, name="system"),
    path("bodies/", views.bodies, name="bodies"),
    path("body/<slug:key>/", views.body, name="body"),
    path("body/<slug:key>/<slug:kind>/", views.object_list, name="list"),
    path(
        "organization/<slug:slug>/meetings/",
        views.organization_meetings,
        name="organization_meetings",
    ),
    path("<slug:kind>/<str:key>/", views.one_object, name="object"),
]
