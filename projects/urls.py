from django.urls import path

from projects import feeds, views

app_name = "projects"

# The fixed pages come before <slug>/; models.RESERVED_SLUGS keeps ideas off their addresses.
urlpatterns = [
    path("", views.idea_list, name="list"),
    path("ehdota/", views.propose, name="propose"),
    path("ehdota/kiitos/", views.thanks, name="thanks"),
    path("syote.atom", feeds.IdeaFeed(), name="feed"),
    path("tavoitteet/", views.goal_list, name="goals"),
    path("tavoitteet/<slug:slug>/", views.goal_detail, name="goal"),
    path("<slug:slug>/", views.idea_detail, name="detail"),
]
