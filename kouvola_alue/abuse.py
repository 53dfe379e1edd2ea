"""
Protection of the public forms (applications, bookings, idea proposals, follows) and of search
against bots and floods: a honeypot field, a one-time stamp that also says how long the form
took to fill in, and rate limits per client address counted in kouvola_alue.limits, so that
they hold across every worker and machine.
"""

import datetime
import ipaddress
import logging
import math
import secrets
import time
from functools import wraps

from django import forms
from django.conf import settings
from django.core import signing
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from kouvola_alue.limits.counters import hashed, hit, use_stamp

logger = logging.getLogger(__name__)

_SIGNER_SALT = "kouvola_alue.abuse.form-stamp"
# A form may lie open a working day before it is sent; a stamp is accepted once within that.
STAMP_MAX_AGE = 60 * 60 * 24


def form_stamp(issued_at=None):
    """A signed, one-time stamp: when the form was shown, and a random id to record its use."""
    issued = int(time.time() if issued_at is None else issued_at)
    return signing.Signer(salt=_SIGNER_SALT).sign(f"{issued}.{secrets.token_hex(12)}")


def _read_stamp(value):
    """``(issued, id)`` of a genuine stamp, or None."""
    try:
        issued, stamp_id = signing.Signer(salt=_SIGNER_SALT).unsign(value).split(".")
        return int(issued), stamp_id
    except (signing.BadSignature, ValueError):
        return None


class SpamProtectionMixin(forms.Form):
    """
    Add to a public form. ``website`` is hidden from people (CSS and ``aria-hidden``) and
    left empty by them; bots fill it. ``rendered_at`` carries a signed stamp of when the form
    was shown, so a post that comes back faster than a person can type is refused; the public
    forms' pipeline (``kouvola_alue.publicforms``) calls ``use_stamp()`` when it accepts the
    post (with ``PostLimit(every_post=True)``: on every post, valid or not), so the same stamp
    cannot be sent twice.
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
        self.initial["rendered_at"] = form_stamp()
        self._stamp = None

    def _renew_stamp(self):
        # The form is shown again with its answers: a bound form would repeat the stamp it
        # was sent with, which is expired or used, and could never be sent again.
        self.data = self.data.copy()
        self.data[self.add_prefix("rendered_at")] = form_stamp()

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(
                _("The form could not be sent. Please leave the last field empty."), code="honeypot"
            )
        return ""

    def clean_rendered_at(self):
        token = self.cleaned_data["rendered_at"]
        stamp = _read_stamp(token)
        age = time.time() - stamp[0] if stamp else None
        if age is not None and age <= STAMP_MAX_AGE:
            # Genuine and in time: the view may spend it, even if the post is refused.
            self._stamp = stamp
        if age is None or age > STAMP_MAX_AGE:
            self._renew_stamp()
            raise forms.ValidationError(
                _("The form had expired. Please check your answers and send it again."),
                code="expired",
            )
        if age < self.min_fill_seconds:
            self._renew_stamp()
            raise forms.ValidationError(
                _("The form was sent too quickly. Please check your answers and send it again."),
                code="too_fast",
            )
        return token

    def use_stamp(self):
        """
        Record the stamp this form was sent with as used; the form carries a fresh one from
        then on, for the answers to be sent again when they are shown again. Returns False,
        with an error on the form, if it had been used already: the same post sent again (a
        replay, or a second click). A form whose stamp was not genuine, or had expired, has
        its error already and nothing to spend.
        """
        if self._stamp is None:
            return True
        (issued, stamp_id), self._stamp = self._stamp, None
        self._renew_stamp()
        if use_stamp(stamp_id, expires_at=_aware(issued + STAMP_MAX_AGE)):
            return True
        self.add_error(
            None,
            forms.ValidationError(
                _(
                    "This form has already been sent once. If you meant to send it again, "
                    "check your answers below and send it once more."
                ),
                code="stamp_used",
            ),
        )
        return False


def _aware(timestamp):
    return datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC)


_told_about_proxies = False


def client_address(request):
    """
    The client's IP address as the portal's own proxies saw it: the one function every rate
    limit and the admin's sign-in lock read it with.

    Each of the ``TRUSTED_PROXY_COUNT`` proxies in front of the portal appends the address it
    was connected from to X-Forwarded-For, so the client is that many entries from the right.
    Entries further left were written by the client and prove nothing. With fewer entries than
    proxies, or one that is not an address, the request did not come through them: the
    connection's own address is used.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if not proxies:
        if forwarded:
            _tell_about_proxies()
        return remote
    entries = [entry.strip() for entry in forwarded.split(",")] if forwarded else []
    if len(entries) >= proxies:
        try:
            return str(ipaddress.ip_address(entries[-proxies]))
        except ValueError:
            pass
    return remote


def _tell_about_proxies():
    global _told_about_proxies
    if not _told_about_proxies:
        _told_about_proxies = True
        logger.warning(
            "Requests carry X-Forwarded-For but DJANGO_TRUSTED_PROXY_COUNT is 0: behind a "
            "proxy every visitor then shares one rate limit. Set it to the number of proxies."
        )


def client_network(request):
    """
    The address a limit counts for this client: its IPv4 address, or for IPv6 the first
    address of its /64 network, as one connection usually holds a whole /64 to rotate in.
    The one rule of every rate limit and of the admin's sign-in lockout
    (``AXES_CLIENT_IP_CALLABLE``); still an IP address, so axes can store it.
    """
    address = client_address(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6 and ip.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return str(ip)


def client_key(request):
    """A key for the client's network (``client_network``) that does not store the address."""
    return hashed(client_network(request))


def rate_limit_exceeded(request, scope, *, limit, period):
    """
    Count one attempt of this client in ``scope`` (e.g. "application") in the fixed window of
    ``period`` seconds it falls in. Returns 0 while at most ``limit`` attempts have been made,
    otherwise the seconds until the window ends (for a Retry-After header).
    """
    result = hit(scope, client_key(request), period=period)
    if result.count <= limit:
        return 0
    return max(1, math.ceil(result.resets_at.timestamp() - time.time()))


# Searches per client and minute (settings.SEARCH_RATE_LIMIT, 60 by default): far more than a
# person types, while a script that walks the index (each search a full-text query) is slowed
# to this pace.
SEARCH_PERIOD = 60


def runs_a_search(request):
    """Whether the request asks for a full-text search: a ``q`` with a word in it."""
    return bool(request.GET.get("q", "").split())


def search_limited(view):
    """
    For every view that runs the full-text search (the site search, the ideas' list): one
    limit per client, counted together, answered with 429 and ``Retry-After``. Put it outside
    the page cache, so that a kept page counts too. A page without a search is not counted.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if runs_a_search(request) and (
            wait := rate_limit_exceeded(
                request, "search", limit=settings.SEARCH_RATE_LIMIT, period=SEARCH_PERIOD
            )
        ):
            response = render(request, "search_limited.html", status=429)
            response["Retry-After"] = str(wait)
            return response
        return view(request, *args, **kwargs)

    return wrapper
