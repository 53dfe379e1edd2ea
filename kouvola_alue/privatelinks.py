"""
The session that carries a private link's token (an application's, a booking request's).

The token moves from the link's address into the session at once, so it stays out of the
browser's history, access logs and referrers. There it is forgotten after
``PRIVATE_LINK_IDLE_SECONDS`` without a request, when the browser is closed (the cookie is a
browser-session one), or when the person presses "Leave" on the private pages: on a shared
computer the next person cannot open what the link opened. A signed-in staff member's session
keeps its own expiry (kouvola_alue.middleware.StaffSessionMiddleware); only the token's idle
time applies to it.
"""

import time

from django.conf import settings


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
