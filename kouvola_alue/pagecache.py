"""
A short-lived cache of whole public pages for anonymous visitors.

The public pages read a handful of rows that change a few times a week, yet they are the
pages everybody loads. Each worker keeps a rendered page for PAGE_CACHE_SECONDS (a minute by
default), so staff edits show within that time and no invalidation is needed. Signed-in
users (staff checking their edits) always get a fresh page. The pages cached here contain
nothing personal and no CSRF token: the language switch is a plain link.
"""

from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language


def public_page(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.PAGE_CACHE_SECONDS
        cacheable = (
            seconds > 0
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            # A pending flash message is shown on the next page, to that visitor only.
            and CookieStorage.cookie_name not in request.COOKIES
        )
        if not cacheable:
            return view(request, *args, **kwargs)
        cache = caches["pages"]
        # The page names its own absolute address (canonical, hreflang), so the host and
        # scheme it was asked for are part of the key.
        key = f"page:{get_language()}:{request.build_absolute_uri()}"
        cached = cache.get(key)
        if cached is None:
            response = view(request, *args, **kwargs)
            # A page that used a CSRF token or set a cookie belongs to one visitor only.
            personal = response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            if response.status_code != 200 or personal:
                return response
            # The body and its type only: cheap to store and to copy out again.
            cache.set(key, (response.content, response["Content-Type"]), seconds)
        else:
            content, content_type = cached
            response = HttpResponse(content, content_type=content_type)
        patch_cache_control(response, public=True, max_age=min(seconds, 60))
        return response

    return wrapper
