"""
Following a committee by e-mail: the form, and the pages the links in the mail lead to.
The links carry a signed token (``following.tokens``), never the address; the pages behind
them are private (kouvola_alue.privatelinks).
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_http_methods, require_safe

from committees.models import Committee
from following import services
from following.forms import FollowForm, PreferencesForm
from following.tokens import CONFIRM_LINK, MANAGE_LINK
from kouvola_alue.pagecache import public_page
from kouvola_alue.privatelinks import private
from kouvola_alue.publicforms import PublicFormView


class Follow(PublicFormView):
    form_class = FollowForm
    template_name = "following/follow.html"

    def dispatch(self, request, slug):
        self.committee = get_object_or_404(Committee, slug=slug)
        return super().dispatch(request, slug)

    def get_context_data(self, **kwargs):
        return super().get_context_data(committee=self.committee, **kwargs)

    @sensitive_variables()
    def submit(self, form):
        data = form.cleaned_data
        services.subscription_request(
            committee=self.committee,
            email=data["email"],
            topics=data["topics"],
            frequency=data["frequency"],
            language=get_language(),
            site_url=self.request.build_absolute_uri("/"),
        )

    def get_success_url(self):
        # The same page whether the address was new, waiting or following already.
        return reverse("following:follow_requested", kwargs={"slug": self.committee.slug})


follow = Follow.as_view()


@require_safe
@public_page("committee:{slug}")
def follow_requested(request, slug):
    committee = get_object_or_404(Committee, slug=slug)
    return render(request, "following/requested.html", {"committee": committee})


# The links of the mails move their token into the session and redirect to pages without
# it (kouvola_alue.privatelinks).
confirm = CONFIRM_LINK.open_view("following:confirmation")
manage = MANAGE_LINK.open_view("following:preferences")
leave = MANAGE_LINK.leave_view()


@require_http_methods(["GET", "HEAD", "POST"])
@CONFIRM_LINK.page
def confirmation(request, subscription):
    """
    The link of the first mail shows a button; the subscription starts when it is pressed.
    Not on the link's GET itself: mail filters open links to scan them, and would confirm
    an address that someone else typed into the form.
    """
    context = {"subscription": subscription, "committee": subscription.committee}
    if request.method == "POST":
        if not services.subscription_confirm(subscription=subscription):
            return CONFIRM_LINK.invalid(request)
        # The page links to the choices, as the manage link of the later mails does.
        MANAGE_LINK.keep(request, subscription)
        return render(request, "following/confirmed.html", context)
    return render(request, "following/confirm.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@MANAGE_LINK.page
def preferences(request, subscription):
    if not subscription.is_active:
        return MANAGE_LINK.invalid(request)
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            services.subscription_update(
                subscription=subscription,
                topics=form.cleaned_data["topics"],
                frequency=form.cleaned_data["frequency"],
            )
            messages.success(request, _("Your choices were saved."))
            return redirect("following:preferences")
    else:
        form = PreferencesForm(
            initial={"topics": subscription.topics, "frequency": subscription.frequency}
        )
    return render(
        request,
        "following/manage.html",
        {"form": form, "subscription": subscription, "committee": subscription.committee},
    )


def _unsubscribed(request, subscription):
    context = {"subscription": subscription, "committee": subscription.committee}
    return render(request, "following/unsubscribed.html", context)


# RFC 8058: a mail program unsubscribes by POSTing "List-Unsubscribe=One-Click" to the mailed
# address itself, without any cookie or page, so it cannot carry a CSRF token. The signed token
# in the address is the authentication, and unsubscribing twice does nothing more, so CSRF has
# nothing to forge here. A GET (a person clicking the link, or a mail filter scanning it) moves
# the token into the session, as every private link does, and the page there has the button.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    if request.method != "POST":
        return MANAGE_LINK.open(request, token, "following:unsubscription")
    subscription = MANAGE_LINK.find(token)
    if subscription is None:
        return MANAGE_LINK.invalid(request)
    services.subscription_unsubscribe(subscription=subscription)
    return private(_unsubscribed(request, subscription))


@require_http_methods(["GET", "HEAD", "POST"])
@MANAGE_LINK.page
def unsubscription(request, subscription):
    if request.method == "POST":
        services.subscription_unsubscribe(subscription=subscription)
        return _unsubscribed(request, subscription)
    if subscription.unsubscribed_at is not None:
        return _unsubscribed(request, subscription)
    context = {"subscription": subscription, "committee": subscription.committee}
    return render(request, "following/unsubscribe.html", context)
