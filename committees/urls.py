from django.urls import path

from committees import views

app_name = "committees"

urlpatterns = [
    path("", views.committee_index, name="index"),
    path("<slug:slug>/", views.committee_detail, name="detail"),
    path("<slug:slug>/<slug:term>/", views.committee_term, name="term"),
]
