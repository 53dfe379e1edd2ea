from django.urls import path

from recruitment import views

app_name = "recruitment"

urlpatterns = [
    path("", views.campaign_list, name="index"),
    # "hakemus" is reserved from campaign addresses (recruitment.models.RESERVED_SLUGS).
    # The e-mailed link moves its token into the session and redirects to "oma" (own).
    path("hakemus/oma/", views.application_detail, name="own_application"),
    path("hakemus/oma/peru/", views.application_withdraw_view, name="withdraw"),
    path("hakemus/oma/korjaa/", views.application_correct_view, name="correct"),
    path("hakemus/oma/poistu/", views.application_leave, name="leave"),
    path("hakemus/<str:token>/", views.application_link, name="application"),
    path("<slug:slug>/", views.campaign_detail, name="detail"),
    path("<slug:slug>/hae/", views.application_create, name="apply"),
    path("<slug:slug>/kiitos/", views.application_thanks, name="thanks"),
]
