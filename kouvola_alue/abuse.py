"""
Protection of the public forms (applications, idea proposals) against bots and floods:
a honeypot field, a minimum time to fill the form in, and a rate limit per client address
kept in the shared cache so that it holds across every worker and machine.
"""

import hashlib
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

_SIGNER_SALT = "kouvola_alue.abuse.form-rendered"


class SpamProtectionMixin(forms.Form):
    """
    Add to a public form. ``website`` is hidden from people (CSS and ``aria-hidden``) and
    left empty by them; bots fill it. ``rendered_at`` carries a signed timestamp of when the
    form was shown, so a post that comes back faster than a person can type is refused.
    """

    min_fill_seconds = 3

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    rendered_at = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["rendered_at"] = signing.TimestampSigner(salt=_SIGNER_SALT).sign(
            str(int(time.time()))
        )

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(
                _("The form could not be sent. Please leave the last field empty."), code="honeypot"
            )
        return ""

    def clean_rendered_at(self):
        token = self.cleaned_data["rendered_at"]
        signer = signing.TimestampSigner(salt=_SIGNER_SALT)
        try:
            rendered = int(signer.unsign(token, max_age=60 * 60 * 24))
        except (signing.BadSignature, ValueError):
            raise forms.ValidationError(
                _("The form had expired. Please check your answers and send it again."),
                code="expired",
            ) from None
        if time.time() - rendered < self.min_fill_seconds:
            raise forms.ValidationError(
                _("The form was sent too quickly. Please check your answers and send it again."),
                code="too_fast",
            )
        return token


def client_key(request):
    """A key for the client's address that does not store the address itself."""
    address = client_ip(request)
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]


def client_ip(request):
    """
    The client's address: REMOTE_ADDR, or behind ``TRUSTED_PROXY_COUNT`` proxies the address
    the outermost of them saw, from X-Forwarded-For. The admin's sign-in lockout (django-axes,
    ``AXES_CLIENT_IP_CALLABLE``) reads it too.
    """
    address = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = [
        a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()
    ]
    if proxies and len(forwarded) >= proxies:
        address = forwarded[-proxies]
    return address


def rate_limit_exceeded(request, scope, *, limit, period):
    """
    Count one attempt of this client in ``scope`` (e.g. "application") and tell whether it
    went over ``limit`` attempts within ``period`` seconds.
    """
    key = f"ratelimit:{scope}:{client_key(request)}:{int(time.time() // period)}"
    # add() is atomic: only the first attempt of a window creates the counter.
    if cache.add(key, 1, timeout=period):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # the window expired between add() and incr()
        cache.add(key, 1, timeout=period)
        return False
    return count > limit
