import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import slug_re
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kouvola_alue.abuse import rate_limit_exceeded
from kouvola_alue.charts import grouped_bars
from kouvola_alue.pagecache import number_value, public_page
from kouvola_alue.privatelinks import forget_token, keep_token, session_token
from recruitment.forms import ApplicationCorrectionForm, ApplicationForm, WithdrawForm
from recruitment.models import Application, Campaign
from recruitment.selectors import campaign_overview, numbers_of
from recruitment.services import application_submit, application_update, application_withdraw
from recruitment.tasks import queue_application_received
from recruitment.tokens import application_for_token

# Applications stored per client address and hour. Generous, because a household or a
# library's public computers share one address.
RATE_LIMIT = 10
RATE_PERIOD = 60 * 60


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


def _form_page(request, campaign, form, status=200):
    return render(
        request,
        "recruitment/application_form.html",
        {"campaign": campaign, "form": form, "demo_content": campaign.is_demo},
        status=status,
    )


@sensitive_variables()
@sensitive_post_parameters()
@require_http_methods(["GET", "HEAD", "POST"])
def application_create(request, slug):
    campaign = get_object_or_404(Campaign.objects.select_related("term"), slug=slug)
    if not campaign.is_open:
        return render(
            request,
            "recruitment/campaign_not_open.html",
            {"campaign": campaign, "demo_content": campaign.is_demo},
            status=403 if request.method == "POST" else 200,
        )
    if request.method != "POST":
        # Only something shaped like a slug reaches the database (PostgreSQL refuses NUL).
        slug = request.GET.get("toimikunta", "")
        committee = campaign.committees.filter(slug=slug).first() if slug_re.match(slug) else None
        initial = {"committee": committee}
        form = ApplicationForm(campaign=campaign, initial=initial)
        return _form_page(request, campaign, form)

    form = ApplicationForm(request.POST, campaign=campaign, instance=Application(campaign=campaign))
    if not form.is_valid():
        return _form_page(request, campaign, form)
    if rate_limit_exceeded(request, "application", limit=RATE_LIMIT, period=RATE_PERIOD):
        form.add_error(
            None,
            _(
                "Too many applications have been sent from your connection within an hour. "
                "Your answers are kept below: please send the form again later."
            ),
        )
        return _form_page(request, campaign, form, status=429)
    if not form.use_stamp():
        return _form_page(request, campaign, form, status=409)
    language = get_language()
    try:
        application, created = application_submit(
            campaign=campaign, language=language, **form.submission()
        )
    except ValidationError as error:
        # The campaign closed while the form was being filled in, or similar.
        form.add_error(None, error)
        return _form_page(request, campaign, form, status=409)
    # The mail goes from the task worker: a mail server that hangs or fails cannot hold up
    # or break this response, and the application is stored whatever happens to the mail.
    queue_application_received(
        application=application,
        created=created,
        language=language,
        site_url=request.build_absolute_uri("/"),
    )
    return redirect("recruitment:thanks", slug=campaign.slug)


@require_safe
def application_thanks(request, slug):
    campaign = get_object_or_404(Campaign.objects.select_related("term"), slug=slug)
    return render(
        request,
        "recruitment/application_thanks.html",
        {"campaign": campaign, "demo_content": campaign.is_demo},
    )


def _private(response):
    # The page is reached by a private link: no caches (never_cache), no search engines, and
    # the link goes as a referrer to this site only. ("no-referrer" would make the browser
    # send "Origin: null" with the withdrawal form, which CSRF protection rightly refuses.)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    return response


def _invalid_link(request):
    return _private(render(request, "recruitment/link_invalid.html", status=404))


# The private link's token is kept in the session once the link has been opened, and the
# pages that show the application have no token in their address: it does not stay in the
# browser's history, in access logs or in a referrer (as Django's password reset does).
SESSION_KEY = "recruitment_application_token"


@never_cache
@require_safe
def application_link(request, token):
    if application_for_token(token) is None:
        return _invalid_link(request)
    keep_token(request, SESSION_KEY, token)
    return redirect("recruitment:own_application")


def _application_in_session(request):
    return application_for_token(session_token(request, SESSION_KEY))


@require_POST
def application_leave(request):
    """The "Leave" button of the private pages: this browser forgets the link."""
    forget_token(request, SESSION_KEY)
    messages.success(
        request,
        _("You have left the pages of your application. The link in your e-mail opens them again."),
    )
    return redirect("recruitment:index")


@never_cache
@require_safe
def application_detail(request):
    application = _application_in_session(request)
    if application is None:
        return _invalid_link(request)
    return _private(
        render(request, "recruitment/application_detail.html", {"application": application})
    )


@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "HEAD", "POST"])
def application_withdraw_view(request):
    application = _application_in_session(request)
    if application is None:
        return _invalid_link(request)
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
    return _private(
        render(
            request,
            "recruitment/application_withdraw.html",
            {"application": application, "form": form},
        )
    )


def _correct_page(request, application, form=None, status=200):
    return _private(
        render(
            request,
            "recruitment/application_correct.html",
            {"application": application, "campaign": application.campaign, "form": form},
            status=status,
        )
    )


@never_cache
@sensitive_variables()
@sensitive_post_parameters()
@require_http_methods(["GET", "HEAD", "POST"])
def application_correct_view(request):
    application = _application_in_session(request)
    if application is None:
        return _invalid_link(request)
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
