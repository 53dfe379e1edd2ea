import time

from django.conf import settings
from django.contrib import auth
from django.http import HttpResponseNotAllowed
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class UrlLanguageMiddleware(LocaleMiddleware):
    """
    The URL alone decides the language: /en/… is English, every other address Finnish.

    Django's LocaleMiddleware already does so with ``i18n_patterns(prefix_default_language=
    False)``: an unprefixed path gets LANGUAGE_CODE whatever the browser's Accept-Language or
    an old language cookie says (a Finnish city's pages stay Finnish for everyone with an
    English phone). Its response, though, still says ``Vary: Accept-Language`` on those
    paths, which would make every shared cache keep a copy of a Finnish page per browser
    language; the redirect it could add only applies when Finnish has a prefix too.
    """

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class PermissionsPolicyMiddleware:
    """Tell browsers that no page of the portal may use the camera, location and the like."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class AllowedMethodsMiddleware:
    """
    The portal answers GET and HEAD, and POST where a form is sent (each view that takes none
    refuses POST itself with ``require_safe``). Anything else – TRACE, OPTIONS, PUT, DELETE, a
    made-up method – gets 405 here, before it reaches a view, the session or the database.
    """

    ALLOWED = ("GET", "HEAD", "POST")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in self.ALLOWED:
            return HttpResponseNotAllowed(self.ALLOWED)
        return self.get_response(request)


class NotModifiedMiddleware:
    """
    A ``304 Not Modified`` carries no ``Content-Length`` (RFC 9110 §8.6: it would describe the
    body the client already holds, not an empty one). CommonMiddleware adds one to every
    answer after the view; this removes it again on the way out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 304:
            del response["Content-Length"]
        return response


class StaffSessionMiddleware:
    """
    A signed-in staff member's session ends after ``STAFF_SESSION_IDLE_SECONDS`` without a
    request and ``STAFF_SESSION_MAX_SECONDS`` after signing in, whatever they do: a session
    left open on a shared computer cannot be picked up the next morning. Each request sets the
    session's own expiry (cookie and database row) to whichever comes first, so Django itself
    forgets it then; the check here also ends a session whose expiry something else extended.
    Anonymous visitors are left alone: the public pages need no session.
    """

    SIGNED_IN_AT = "staff_signed_in_at"
    LAST_SEEN_AT = "staff_last_seen_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            signed_in = session.setdefault(self.SIGNED_IN_AT, now)
            last_seen = session.get(self.LAST_SEEN_AT, now)
            idle = settings.STAFF_SESSION_IDLE_SECONDS
            left = settings.STAFF_SESSION_MAX_SECONDS - (now - signed_in)
            if now - last_seen > idle or left <= 0:
                auth.logout(request)
            else:
                session[self.LAST_SEEN_AT] = now
                session.set_expiry(min(idle, left))
        return self.get_response(request)
