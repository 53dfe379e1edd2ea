"""
Gzip for responses that carry no secret.

Compressing a page that holds a secret (a CSRF token) together with text an attacker can
choose (a search query, a form field echoed back) lets the attacker guess the secret from the
compressed length (BREACH). So responses are compressed only when the CSRF token was not used
to build them and the request is not a signed-in user's (staff pages hold applicants' data).
Feeds, calendars, open data and the public pages without a form are compressed; the
application and proposal forms, the admin and anything personal are sent as they are.
Django's own mitigation (random bytes in the gzip header) stays on top of this for what this
middleware compresses. What the caches keep, a public page or a download, holds no secret by
construction and is kept gzipped once (``kouvola_alue.pagecache._kept_response``): this
middleware leaves a response that is already compressed as it is.

A middleware rather than ``gzip_page`` on each view: a new public page is compressed without
anyone remembering a decorator, and the rule that keeps the form pages safe is in one place.
It stands below WhiteNoise, which serves the static files pre-compressed itself.
"""

from django.middleware.gzip import GZipMiddleware


class PublicGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        # get_token() sets this key whenever a template or view used the CSRF token;
        # CsrfViewMiddleware turns it to False on the way out, but the key stays.
        if "CSRF_COOKIE_NEEDS_UPDATE" in request.META:
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return response
        return super().process_response(request, response)
