"""
Following a committee by e-mail: the form, and the pages the links in the mail lead to.
The links carry a signed token (``following.tokens``), never the address; those pages are
kept out of search engines and caches.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods, require_safe

from committees.models import Committee
from following import services, tokens
from following.forms import FollowForm, PreferencesForm
from kouvola_alue.abuse import rate_limit_exceeded
from kouvola_alue.pagecache import public_page

# A person follows a committee or two; a flood of requests comes from a script.
SUBSCRIBE_LIMIT = 10
SUBSCRIBE_PERIOD = 60 * 60


# The address stays out of error reports (personal data never in logs).
@sensitive_variables()
@sensitive_post_parameters()
@require_http_methods(["GET", "HEAD", "POST"])
def follow(request, slug):
    committee = get_object_or_404(Committee, slug=slug)
    context = {"committee": committee}
    if request.method == "POST":
        form = FollowForm(request.POST)
        context["form"] = form
        # Only a request that would be acted on counts: corrected mistakes do not.
        if form.is_valid() and rate_limit_exceeded(
            request, "follow", limit=SUBSCRIBE_LIMIT, period=SUBSCRIBE_PERIOD
        ):
            form.add_error(
                None,
                _(
                    "Too many requests have been sent from your address. Please try again in "
                    "an hour."
                ),
            )
            return render(request, "following/follow.html", context, status=429)
        if form.is_valid() and not form.use_stamp():
            return render(request, "following/follow.html", context, status=409)
        if form.is_valid():
            data = form.cleaned_data
            services.subscription_request(
                committee=committee,
                email=data["email"],
                topics=data["topics"],
                frequency=data["frequency"],
                language=get_language(),
                site_url=request.build_absolute_uri("/"),
            )
            # The same page whether the address was new, waiting or following already.
            return redirect("committees:follow_requested", slug=committee.slug)
    else:
        context["form"] = FollowForm()
    return render(request, "following/follow.html", context)


@require_safe
@public_page("committee:{slug}")
def follow_requested(request, slug):
    committee = get_object_or_404(Committee, slug=slug)
    return render(request, "following/requested.html", {"committee": committee})


def _invalid(request):
    return render(request, "following/link_invalid.html", status=404)


@never_cache
@sensitive_variables()
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """
    The link of the first mail shows a button; the subscription starts when it is pressed.
    Not on the link's GET itself: mail filters open links to scan them, and would confirm
    an address that someone else typed into the form.
    """
    subscription = tokens.subscription_to_confirm(token)
    if subscription is None:
        return _invalid(request)
    context = {"subscription": subscription, "committee": subscription.committee}
    if request.method == "POST":
        if not services.subscription_confirm(subscription=subscription):
            return _invalid(request)
        context["manage_token"] = tokens.manage_token(subscription)
        return render(request, "following/confirmed.html", context)
    return render(request, "following/confirm.html", context)


@never_cache
@sensitive_variables()
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    subscription = tokens.subscription_to_manage(token)
    if subscription is None or not subscription.is_active:
        return _invalid(request)
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            services.subscription_update(
                subscription=subscription,
                topics=form.cleaned_data["topics"],
                frequency=form.cleaned_data["frequency"],
            )
            messages.success(request, _("Your choices were saved."))
            return redirect("following:manage", token=token)
    else:
        form = PreferencesForm(
            initial={"topics": subscription.topics, "frequency": subscription.frequency}
        )
    return render(
        request,
        "following/manage.html",
        {"form": form, "subscription": subscription, "committee": subscription.committee},
    )


# RFC 8058: a mail program unsubscribes by POSTing "List-Unsubscribe=One-Click" to this
# address without any cookie or page, so it cannot carry a CSRF token. The signed token in the
# address is the authentication, and unsubscribing twice does nothing more, so CSRF has
# nothing to forge here. A GET (a person clicking the link, or a mail filter scanning it) only
# shows the button.
@csrf_exempt
@never_cache
@sensitive_variables()
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    subscription = tokens.subscription_to_manage(token)
    if subscription is None:
        return _invalid(request)
    context = {"subscription": subscription, "committee": subscription.committee}
    if request.method == "POST":
        services.subscription_unsubscribe(subscription=subscription)
        return render(request, "following/unsubscribed.html", context)
    if subscription.unsubscribed_at is not None:
        return render(request, "following/unsubscribed.html", context)
    return render(request, "following/unsubscribe.html", context)
