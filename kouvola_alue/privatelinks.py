"""
The pages behind a private link (an application's, a booking request's, a follower's, a
meeting invitation's): one flow, declared once per kind of link as a ``PrivateLink``.

- The mailed link ``…/<token>/`` (``open_view``) moves its token into the session at once and
  redirects to a page whose address has no token, so the token stays out of the browser's
  history, access logs and referrers. A forged, expired or used link answers 404 with a page
  that says what to do; an expired one says that it has expired (with the same 404: one rule
  for every link that opens nothing). A link may carry other parts besides its token (an
  invitation's answer): each is declared with the values it may take, and goes on to the
  address of the page, since it is no secret.
- The private pages (``page``) read the row from the session; without one they answer the
  same 404 page. Every answer is private: never cached, never indexed, the address a referrer
  to this site only.
- The token is forgotten after ``PRIVATE_LINK_IDLE_SECONDS`` without a request, when the
  browser is closed (the cookie is a browser-session one), or when the person presses "Leave"
  (``leave_view``): on a shared computer the next person cannot open what the link opened. A
  signed-in staff member's session keeps its own expiry
  (kouvola_alue.middleware.StaffSessionMiddleware); only the token's idle time applies to it.

The token itself is ``kouvola_alue.signed_links``'; a route's parameter named ``token`` is
what hides it in the logs (kouvola_alue.logfilters).
"""

import time
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from kouvola_alue.signed_links import ExpiredLink, InvalidLink


def _seen(key):
    return f"{key}_seen_at"


def _touch(request, key):
    request.session[_seen(key)] = int(time.time())
    if not request.user.is_authenticated:
        request.session.set_expiry(0)


def keep_token(request, key, token):
    """Keep ``token`` under ``key`` in this browser's session."""
    request.session[key] = token
    _touch(request, key)


def session_token(request, key):
    """
    The token kept under ``key``, or "" when there is none or it has been left idle too long
    (then it is forgotten). Each read is activity: the idle time starts again.
    """
    token = request.session.get(key, "")
    if not token:
        return ""
    seen = request.session.get(_seen(key), 0)
    if time.time() - seen > settings.PRIVATE_LINK_IDLE_SECONDS:
        forget_token(request, key)
        return ""
    _touch(request, key)
    return token


def forget_token(request, key):
    """Forget the token; a visitor's session left with nothing in it is deleted altogether."""
    request.session.pop(key, None)
    request.session.pop(_seen(key), None)
    if not request.user.is_authenticated and not list(request.session.keys()):
        request.session.flush()


def private(response):
    # Reached by a private link: no caches, no search engines, and the address goes as a
    # referrer to this site only. ("no-referrer" would make the browser send "Origin: null"
    # with the pages' forms, which CSRF protection rightly refuses.)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    add_never_cache_headers(response)
    return response


class PrivateLink:
    """
    One kind of private link and its pages. ``name`` names its place in the session;
    ``key`` is its ``signed_links.SignedKey``; ``home`` (a URL name) and ``home_label`` are
    where the invalid-link page points and "Leave" goes; ``invalid_text`` says on that page
    why a link may stop working, and ``expired_text`` (when given) what to do about a link
    past its ``max_age``; ``left_message`` is said after "Leave". ``carries`` names the URL
    parameters the link has besides its token, each with the values it may take (an
    invitation's answer, ``{"answer": {"tulen", "en-paase"}}``): a link or a page with any
    other value opens nothing.
    """

    template = "private_link_invalid.html"

    def __init__(
        self,
        name,
        *,
        key,
        home,
        home_label,
        invalid_text,
        expired_text="",
        left_message="",
        carries=None,
    ):
        self.session_key = f"{name}_token"
        self.key = key
        self.home = home
        self.home_label = home_label
        self.invalid_text = invalid_text
        self.expired_text = expired_text
        self.left_message = left_message
        self.carries = dict(carries or {})

    def token(self, row):
        return self.key.token(row)

    def find(self, token):
        """The row ``token`` opens, or None."""
        return self.key.row_or_none(token)

    def _lookup(self, token):
        """``(row, False)``; ``(None, True)`` for a link past its age; else ``(None, False)``."""
        try:
            return self.key.row(token), False
        except ExpiredLink:
            return None, True
        except InvalidLink:
            return None, False

    def _carried(self, parts):
        """Whether each of ``parts`` the link declares has one of its declared values."""
        return all(
            value in self.carries[name] for name, value in parts.items() if name in self.carries
        )

    def keep(self, request, row):
        """Open this link's pages for ``row`` in this browser, as its mailed link would."""
        keep_token(request, self.session_key, self.token(row))

    def invalid(self, request, *, expired=False):
        context = {
            "link": self,
            "expired": expired,
            "text": self.expired_text if expired and self.expired_text else self.invalid_text,
        }
        return private(render(request, self.template, context, status=404))

    def open_view(self, landing):
        """
        The view of the mailed link: the token into the session, then ``landing`` (a URL
        name), which gets the link's other parts (``carries``) as its own parameters.
        """

        @never_cache
        @require_safe
        def open_link(request, token, **parts):
            return self.open(request, token, landing, **parts)

        return open_link

    def open(self, request, token, landing, **parts):
        undeclared = set(parts) - set(self.carries)
        if undeclared:
            # Each part of a link is checked: one the declaration does not name is a mistake.
            raise ImproperlyConfigured(
                f"{self.session_key}: declare {sorted(undeclared)} in carries"
            )
        if not self._carried(parts):
            return self.invalid(request)
        row, expired = self._lookup(token)
        if row is None:
            return self.invalid(request, expired=expired)
        keep_token(request, self.session_key, token)
        return private(redirect(landing, **parts))

    def page(self, view):
        """
        A private page: ``view(request, row, …)`` gets the row of the link kept in this
        browser's session; without one, or with a part the link does not carry, the
        invalid-link page answers.
        """

        @wraps(view)
        def private_page(request, *args, **kwargs):
            if not self._carried(kwargs):
                return self.invalid(request)
            row, expired = self._lookup(session_token(request, self.session_key))
            if row is None:
                return self.invalid(request, expired=expired)
            return private(view(request, row, *args, **kwargs))

        return private_page

    def leave_view(self):
        """The "Leave" button of the private pages: this browser forgets the link."""

        @require_POST
        def leave(request):
            forget_token(request, self.session_key)
            if self.left_message:
                messages.success(request, self.left_message)
            return redirect(self.home)

        return leave
