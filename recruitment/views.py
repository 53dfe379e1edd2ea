import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import slug_re
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods, require_safe

from kouvola_alue.charts import grouped_bars
from kouvola_alue.pagecache import number_value, public_page
from kouvola_alue.publicforms import PublicFormView
from recruitment.forms import ApplicationCorrectionForm, ApplicationForm, WithdrawForm
from recruitment.models import Application, Campaign
from recruitment.selectors import campaign_overview, numbers_of
from recruitment.services import application_submit, application_update, application_withdraw
from recruitment.tokens import APPLICATION_LINK


def applicants_chart(overview):
    """
    The applicants per area of the campaigns the page shows with their numbers (open and
    recent closed ones), oldest first: the numbers already read, no query of its own.
    """
    shown = sorted(
        overview.open + overview.closed,
        key=lambda n: (n.campaign.year, n.campaign.opens_on or datetime.date.min, n.campaign.pk),
    )
    groups = []
    for numbers in shown:
        campaign = numbers.campaign
        heading = campaign.display_title
        if campaign.is_open:
            heading = _("%(campaign)s (open now)") % {"campaign": heading}
        bars = [
            (
                _("%(areas)s together") % {"areas": row.label} if numbers.combined else row.label,
                row.count,
                None if numbers.combined else row.committee_slugs[0],
            )
            for row in numbers.rows
        ]
        groups.append((heading, bars))
    return grouped_bars(
        chart_id="applicants-chart",
        title=_("Applicants per area in each recruitment"),
        description=_(
            "Horizontal bars, one per area, grouped by recruitment from the oldest to the "
            "newest; each bar is labelled with its area and number of applicants. A "
            "recruitment recorded only as a total has one hatched bar for its areas together. "
            "The same numbers are in the table below the chart."
        ),
        groups=groups,
        row_label=_("Area"),
        value_label=_("Applicants"),
        group_label=_("Recruitment"),
    )


# The numbers of applicants are not a scope: an application forgets nothing, and the numbers
# are counted again with the clock's period (kouvola_alue/cachescopes.py: PERIOD).
@require_safe
@public_page("campaigns", params={"sivu": number_value}, clock=True)
def campaign_list(request):
    overview = campaign_overview(older_page=request.GET.get("sivu", ""))
    context = {
        "overview": overview,
        "applicants_chart": applicants_chart(overview),
        "demo_content": overview.has_demo,
    }
    return render(request, "recruitment/campaign_list.html", context)


@require_safe
@public_page("campaigns", clock=True)
def campaign_detail(request, slug):
    campaign = get_object_or_404(Campaign.objects.select_related("term"), slug=slug)
    return render(
        request,
        "recruitment/campaign_detail.html",
        {"campaign": campaign, "numbers": numbers_of(campaign), "demo_content": campaign.is_demo},
    )


class ApplicationCreate(PublicFormView):
    form_class = ApplicationForm
    template_name = "recruitment/application_form.html"

    def dispatch(self, request, slug):
        self.campaign = get_object_or_404(Campaign.objects.select_related("term"), slug=slug)
        if not self.campaign.is_open:
            return render(
                request,
                "recruitment/campaign_not_open.html",
                {"campaign": self.campaign, "demo_content": self.campaign.is_demo},
                status=403 if request.method == "POST" else 200,
            )
        return super().dispatch(request, slug)

    def get_initial(self):
        # Only something shaped like a slug reaches the database (PostgreSQL refuses NUL).
        slug = self.request.GET.get("toimikunta", "")
        committees = self.campaign.committees
        return {"committee": committees.filter(slug=slug).first() if slug_re.match(slug) else None}

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "campaign": self.campaign}
        if self.request.method == "POST":
            kwargs["instance"] = Application(campaign=self.campaign)
        return kwargs

    def get_context_data(self, **kwargs):
        campaign = self.campaign
        return super().get_context_data(campaign=campaign, demo_content=campaign.is_demo, **kwargs)

    @sensitive_variables()
    def submit(self, form):
        # The service queues the mail on commit: it goes from the task worker.
        application_submit(
            campaign=self.campaign,
            language=get_language(),
            site_url=self.request.build_absolute_uri("/"),
            **form.submission(),
        )

    def get_success_url(self):
        return reverse("recruitment:thanks", kwargs={"slug": self.campaign.slug})


application_create = ApplicationCreate.as_view()


@require_safe
def application_thanks(request, slug):
    campaign = get_object_or_404(Campaign.objects.select_related("term"), slug=slug)
    return render(
        request,
        "recruitment/application_thanks.html",
        {"campaign": campaign, "demo_content": campaign.is_demo},
    )


# The private link's token is kept in the session once the link has been opened, and the
# pages that show the application have no token in their address (kouvola_alue.privatelinks).
application_link = APPLICATION_LINK.open_view("recruitment:own_application")
application_leave = APPLICATION_LINK.leave_view()


@require_safe
@APPLICATION_LINK.page
def application_detail(request, application):
    return render(request, "recruitment/application_detail.html", {"application": application})


@sensitive_post_parameters()
@require_http_methods(["GET", "HEAD", "POST"])
@APPLICATION_LINK.page
def application_withdraw_view(request, application):
    if not application.is_open:
        return redirect("recruitment:own_application")
    # Bound on every post, even one with nothing ticked, so that the error summary shows.
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            application_withdraw(
                application=application,
                language=get_language(),
                site_url=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _(
                    "Your application has been withdrawn and your personal data removed. A "
                    "confirmation is on its way to your e-mail address."
                ),
            )
        return redirect("recruitment:own_application")
    return render(
        request, "recruitment/application_withdraw.html", {"application": application, "form": form}
    )


def _correct_page(request, application, form=None, status=200):
    return render(
        request,
        "recruitment/application_correct.html",
        {"application": application, "campaign": application.campaign, "form": form},
        status=status,
    )


@sensitive_variables()
@sensitive_post_parameters()
@require_http_methods(["GET", "HEAD", "POST"])
@APPLICATION_LINK.page
def application_correct_view(request, application):
    if not application.is_open or not application.has_personal_data:
        return redirect("recruitment:own_application")
    if not application.campaign.is_open:
        # The page says why, instead of a form that could not be saved.
        return _correct_page(request, application, status=403 if request.method == "POST" else 200)
    form = ApplicationCorrectionForm(
        request.POST if request.method == "POST" else None, instance=application
    )
    if request.method != "POST" or not form.is_valid():
        return _correct_page(request, application, form)
    try:
        changed = application_update(
            application=application,
            changes=form.changes(),
            language=get_language(),
            site_url=request.build_absolute_uri("/"),
        )
    except ValidationError as error:
        # The campaign closed while the form was open, or staff decided meanwhile.
        form.add_error(None, error)
        return _correct_page(request, application, form, status=409)
    if changed:
        messages.success(
            request,
            _(
                "Your corrections have been saved. A confirmation is on its way to your e-mail "
                "address."
            ),
        )
    else:
        messages.info(request, _("You did not change anything, so nothing was saved."))
    return redirect("recruitment:own_application")
