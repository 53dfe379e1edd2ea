"""
Staff sign-in: the admin site, which asks every staff member for a second factor after the
password (a code from an authenticator app, TOTP, or a single-use backup code), the pages
to enrol an authenticator and to renew the backup codes, and the page django-axes shows when
sign-in is locked after too many wrong passwords.

Anyone who knows a user name can lock it with wrong passwords. So that they cannot keep its
owner out, a locked user name opens to its owner's password together with a code from their
authenticator app (``sign_in_with_code``), from any address that is not locked itself: the
lock of an address stays absolute, and a wrong try there counts as any failed sign-in does.

With ``STAFF_REQUIRE_2FA`` off (only in development, DJANGO_DEBUG=true) the password alone
opens the admin; the pages still work for anyone who wants to try them.
"""

from base64 import b32encode

import segno
from axes.models import AccessAttempt
from django import forms
from django.conf import settings
from django.contrib import admin, auth, messages
from django.contrib.auth import REDIRECT_FIELD_NAME, get_user_model
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.db.models import Sum
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from kouvola_alue.abuse import client_network
from portal import services

# django-otp makes a device wait 1, 2, 4, 8… seconds after each wrong code, so guessing the
# six digits would take years; a person who mistyped is told to wait a moment.
TOO_MANY_WRONG_CODES = gettext_lazy(
    "Too many wrong codes in a row. Wait a minute and try again with a new code."
)


def is_verified(user):
    # Right after the password step request.user is the plain user, without django-otp's
    # is_verified(); until OTPMiddleware sees the next request it is not verified.
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def is_staff_member(user):
    return user.is_authenticated and user.is_active and user.is_staff


def second_factor_missing(request):
    """A signed-in staff member who has given their password but not yet their code."""
    user = request.user
    return settings.STAFF_REQUIRE_2FA and is_staff_member(user) and not is_verified(user)


def has_authenticator(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )

    def clean_code(self):
        # People copy codes with spaces ("123 456", "abcd efgh"); backup codes are lower case.
        return "".join(self.cleaned_data["code"].split()).lower()


class CodeSignInForm(forms.Form):
    """User name, password and authenticator code at once: the way past a user-name lock."""

    username = forms.CharField(
        label=gettext_lazy("Username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=gettext_lazy("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.CharField(
        label=gettext_lazy("Code from the authenticator app"),
        max_length=32,
        help_text=gettext_lazy("The six digits your authenticator app shows now."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split())


def address_locked(request):
    """Whether sign-in from this client's address (its /64 for IPv6) is locked by axes."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    failures = AccessAttempt.objects.filter(
        ip_address=client_network(request), attempt_time__gte=since
    ).aggregate(n=Sum("failures_since_start"))["n"]
    return (failures or 0) >= settings.AXES_FAILURE_LIMIT


def user_with_code(username, password, code):
    """
    The staff member and authenticator device that ``password`` and ``code`` are right for,
    or ``(None, None)``. The code is checked only after the right password, so that a
    stranger's guesses cannot slow down the owner's device (django-otp's throttling).
    """
    model = get_user_model()
    user = model._default_manager.filter(**{model.USERNAME_FIELD: username}).first()
    if user is None or not is_staff_member(user):
        model().set_password(password)  # the same time as a wrong password (as Django does)
        return None, None
    if not user.check_password(password) or not code.isdigit():
        return None, None
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is None or not device.verify_is_allowed()[0]:
            return None, None
        if device.verify_token(code):
            return user, device
    return None, None


class StaffAdminSite(admin.AdminSite):
    """
    Django's admin site (every ``@admin.register`` of the apps lands here), which lets a
    staff member in only once their second factor has been checked in this session.
    """

    # Django's navigation column takes 300 px of every page: without it a committee's roster
    # (eight columns) fits a 1,280 px window. The index and the breadcrumbs still lead anywhere.
    enable_nav_sidebar = False

    def has_permission(self, request):
        return super().has_permission(request) and not second_factor_missing(request)

    def get_urls(self):
        return [
            path("kaksivaihe/", self.second_factor, name="staff_verify"),
            path("kaksivaihe/kayttoonotto/", self.enrol, name="staff_enrol"),
            path("kaksivaihe/lukittu/", self.sign_in_with_code, name="staff_sign_in_with_code"),
            path(
                "kaksivaihe/varakoodit/",
                self.admin_view(self.backup_codes),
                name="staff_backup_codes",
            ),
            *super().get_urls(),
        ]

    @method_decorator(never_cache)
    def login(self, request, extra_context=None):
        if second_factor_missing(request):
            return self._to_second_factor(request)
        response = super().login(request, extra_context)
        if request.method == "POST" and second_factor_missing(request):
            # The password was right: now the code, before anything of the admin shows.
            return self._to_second_factor(request)
        return response

    def _to_second_factor(self, request):
        name = "staff_verify" if has_authenticator(request.user) else "staff_enrol"
        target = reverse(f"admin:{name}", current_app=self.name)
        next_url = request.GET.get(REDIRECT_FIELD_NAME) or request.POST.get(REDIRECT_FIELD_NAME)
        if next_url:
            target = f"{target}?{urlencode({REDIRECT_FIELD_NAME: next_url})}"
        return redirect(target)

    def _next_url(self, request):
        target = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME)
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return target
        return reverse("admin:index", current_app=self.name)

    def _page(self, request, template, context, status=200):
        context = {
            **self.each_context(request),
            REDIRECT_FIELD_NAME: self._next_url(request),
            **context,
        }
        return render(request, template, context, status=status)

    @method_decorator(never_cache)
    @method_decorator(csrf_protect)
    @method_decorator(sensitive_post_parameters("code"))
    @method_decorator(require_http_methods(["GET", "HEAD", "POST"]))
    def second_factor(self, request):
        """The second step of signing in: a code from the authenticator app, or a backup code."""
        user = request.user
        if not is_staff_member(user):
            return redirect(reverse("admin:login", current_app=self.name))
        if request.method == "POST" and "cancel" in request.POST:
            return self._cancel(request)
        if is_verified(user):
            return redirect(self._next_url(request))
        if not has_authenticator(user):
            return self._to_second_factor(request)
        form = CodeForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            device, error = self._check_code(user, form.cleaned_data["code"])
            if device is None:
                form.add_error("code", error)
            else:
                # A new session key for the fully signed-in session (as Django does at login).
                request.session.cycle_key()
                otp_login(request, device)
                if isinstance(device, StaticDevice):
                    left = device.token_set.count()
                    messages.warning(
                        request,
                        ngettext(
                            "You signed in with a backup code. %(count)d backup code is left.",
                            "You signed in with a backup code. %(count)d backup codes are left.",
                            left,
                        )
                        % {"count": left},
                    )
                return redirect(self._next_url(request))
        return self._page(
            request,
            "portal/staff/verify.html",
            {"title": _("Two-step verification"), "form": form, "cancel_url": request.path},
        )

    @method_decorator(never_cache)
    @method_decorator(csrf_protect)
    @method_decorator(sensitive_post_parameters("password", "code"))
    @method_decorator(require_http_methods(["GET", "HEAD", "POST"]))
    def sign_in_with_code(self, request):
        """
        Past a user-name lock with the password and a code at once (see the module's text).
        Refused while the address itself is locked; a wrong try counts as a failed sign-in.
        """
        form = CodeSignInForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            if address_locked(request):
                return lockout_response(request)
            data = form.cleaned_data
            user, device = user_with_code(data["username"], data["password"], data["code"])
            if user is None:
                # django-axes counts it for the address (and the user name) as it counts
                # the admin's own sign-in form.
                user_login_failed.send(
                    sender=__name__, credentials={"username": data["username"]}, request=request
                )
                if address_locked(request):
                    return lockout_response(request)
                # Not the lock page for the user name's lock: this page is the way past it.
                request.axes_locked_out = False
                form.add_error(
                    None,
                    _(
                        "The user name, the password or the code is not right, or the code "
                        "was used already. Check them and try again with a new code."
                    ),
                )
            else:
                auth.login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                otp_login(request, device)
                return redirect(self._next_url(request))
        return self._page(
            request,
            "portal/staff/sign_in_with_code.html",
            {"title": _("Sign in with a code"), "form": form},
        )

    def _cancel(self, request):
        auth.logout(request)
        return redirect(reverse("admin:login", current_app=self.name))

    @staticmethod
    def _check_code(user, code):
        """The device that accepts the code, or None and why not."""
        # An authenticator shows six digits; a backup code is eight letters and digits.
        model = TOTPDevice if code.isdigit() else StaticDevice
        with transaction.atomic():
            device = model.objects.select_for_update().filter(user=user, confirmed=True).first()
            if device is None:
                return None, _("The code is not right. Check it and try again.")
            allowed, _details = device.verify_is_allowed()
            if not allowed:
                return None, TOO_MANY_WRONG_CODES
            if device.verify_token(code):
                return device, None
        return None, _(
            "The code is not right or has expired. Type the code your app shows now, "
            "or one of your backup codes."
        )

    @method_decorator(never_cache)
    @method_decorator(csrf_protect)
    @method_decorator(sensitive_post_parameters("code"))
    @method_decorator(require_http_methods(["GET", "HEAD", "POST"]))
    def enrol(self, request):
        """
        Enrolment of an authenticator app: a QR code drawn on the server (an inline SVG, no
        script and no third party), the same secret as text, and a code to confirm it.
        A staff member who already has one must first sign in with it (or a backup code).
        """
        user = request.user
        if not is_staff_member(user):
            return redirect(reverse("admin:login", current_app=self.name))
        if request.method == "POST" and "cancel" in request.POST:
            return self._cancel(request)
        if has_authenticator(user) and settings.STAFF_REQUIRE_2FA and not is_verified(user):
            return redirect(reverse("admin:staff_verify", current_app=self.name))
        form = CodeForm(request.POST if request.method == "POST" else None)
        pending = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
        if form.is_valid() and pending and not pending.verify_is_allowed()[0]:
            form.add_error("code", TOO_MANY_WRONG_CODES)
        if form.is_valid():
            device, codes = services.authenticator_confirm(
                user=user, token=form.cleaned_data["code"]
            )
            if device is None:
                form.add_error(
                    "code",
                    _(
                        "The code is not right. Check that the app shows the account "
                        "“%(issuer)s” and type the code it shows now."
                    )
                    % {"issuer": settings.OTP_TOTP_ISSUER},
                )
            else:
                request.session.cycle_key()
                otp_login(request, device)
                return self._show_backup_codes(request, codes, enrolled=True)
        device = services.authenticator_begin(user=user)
        secret = b32encode(device.bin_key).decode()
        return self._page(
            request,
            "portal/staff/enrol.html",
            {
                "title": _("Set up two-step verification"),
                "form": form,
                "qr_svg": _qr_svg(device.config_url),
                "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
                "issuer": settings.OTP_TOTP_ISSUER,
                "replacing": has_authenticator(user),
                "cancel_url": None if is_verified(user) else request.path,
            },
        )

    @method_decorator(csrf_protect)
    @method_decorator(require_http_methods(["GET", "HEAD", "POST"]))
    def backup_codes(self, request):
        """How many backup codes are left, and a button for new ones (shown once)."""
        if request.method == "POST":
            codes = services.backup_codes_replace(user=request.user)
            return self._show_backup_codes(request, codes, enrolled=False)
        device = StaticDevice.objects.filter(user=request.user).first()
        return self._page(
            request,
            "portal/staff/backup_codes.html",
            {
                "title": _("Backup codes"),
                "left": device.token_set.count() if device else 0,
                "has_authenticator": has_authenticator(request.user),
            },
        )

    def _show_backup_codes(self, request, codes, *, enrolled):
        # The codes are in this response only: never kept in the session, and the views that
        # call this are never cached (never_cache, the admin's own views).
        return self._page(
            request,
            "portal/staff/backup_codes_new.html",
            {"title": _("Your backup codes"), "codes": codes, "enrolled": enrolled},
        )


def _qr_svg(uri):
    svg = segno.make(uri, error="m").svg_inline(
        scale=5, border=4, dark="#000", light="#fff", svgclass="otp-qr", lineclass=None
    )
    label = escape(_("QR code for the authenticator app"))
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)


def lockout_response(request, original_response=None, credentials=None):
    """What django-axes answers while a user name or an address is locked out (429)."""
    site = admin.site
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {
        **site.each_context(request),
        "title": _("Sign-in locked"),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": minutes,
    }
    context["code_url"] = reverse("admin:staff_sign_in_with_code")
    response = render(request, "portal/staff/locked_out.html", context, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
