"""
Public pages, their fragments and downloads kept in the shared cache, keyed by the versions of
the cache scopes they show (kouvola_alue/cachescopes.py), so a change forgets only what shows it.

- ``@public_page("committee:{slug}", "campaigns", params={...}, clock=True)`` keeps a whole page,
  gzipped, for anonymous visitors for ``PAGE_CACHE_SECONDS``. The scopes may name the view's URL
  arguments (``{slug}``). Only the query parameters in ``params`` vary the key, each value
  normalised and the values sorted; any other parameter is left out of the key, and a page asked
  for with one is served from the key without it but never stored (its links would carry the
  parameter). ``clock=True`` puts the day and a period of a few minutes into the key, for pages
  whose content moves with the clock ("upcoming", "open").
- Templates keep parts of a page with Django's own ``{% cache %}``:
  ``{% cache fragment_seconds "home" cache_vary using=fragment_cache %}``; ``cache_vary`` is the
  page's scopes' versions, its language, URL arguments and known parameters (set by
  ``@public_page``, given to templates by ``fragments``, a context processor), so a fragment is
  forgotten with its page. ``fragment_seconds`` is ``CONTENT_CACHE_SECONDS``; when it is 0
  ``fragment_cache`` is the cache that keeps nothing.
- ``@cached_download("meetings")`` keeps an open-data file, calendar or feed for
  ``CONTENT_CACHE_SECONDS``; its ETag comes from the same key (never from the body), so a
  ``304`` costs no rendering and a streamed body stays streamed when the cache is off.

Signed-in users (staff checking their edits) always get a fresh page. The pages kept here
contain nothing personal and no CSRF token: the language switch is a plain link, and a page or
fragment that used the token is never kept.
"""

import gzip
import hashlib
import re
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.text import compress_string
from django.utils.translation import get_language

from kouvola_alue.cachescopes import versions

_ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# What is kept, a page or a download, is kept gzipped: ``(_GZIPPED, body, headers)``.
_GZIPPED = "gzip"


# --- Known query parameters: how each one's value is normalised (None: left out) ---------------


def slug_value(value):
    value = value.strip().lower()
    return value if re.fullmatch(r"[a-z0-9_-]{1,80}", value) else None


def text_value(value):
    # As a search or filter reads it: words apart by single spaces, at most 200 characters.
    value = " ".join(value.replace("\x00", "").split())[:200].lower()
    return value or None


def number_value(value):
    value = value.strip()
    return str(int(value)) if value.isdigit() and len(value) <= 6 else None


def date_value(value):
    value = value.strip()
    return value if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", value) else None


def known_params(request, params):
    """The known parameters of the request, normalised, as sorted (name, value) pairs."""
    pairs = set()
    for name, normalise in (params or {}).items():
        for value in request.GET.getlist(name):
            normalised = normalise(value)
            if normalised is not None:
                pairs.add((name, normalised))
    return sorted(pairs)


def _only_known(request, pairs):
    """Whether the query string holds nothing but the known parameters, already normalised."""
    asked = {(name, value) for name in request.GET for value in request.GET.getlist(name)}
    return asked == set(pairs)


def _digest(*parts):
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def caching_on():
    return settings.PAGE_CACHE_SECONDS > 0 or settings.CONTENT_CACHE_SECONDS > 0


def _anonymous(request):
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        # A pending flash message is shown on the next page, to that visitor only.
        and CookieStorage.cookie_name not in request.COOKIES
    )


# --- Pages and their fragments -----------------------------------------------------------------


def public_page(*scopes, params=None, clock=False):
    """Keep the view's page for anonymous visitors, keyed by the versions of ``scopes``."""

    def decorator(view):
        name = f"{view.__module__}.{view.__qualname__}"

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not caching_on():
                request.cache_vary = ""
                return view(request, *args, **kwargs)
            pairs = known_params(request, params)
            token = versions(*(scope.format(**kwargs) for scope in scopes), clock=clock)
            vary = _digest(name, args, sorted(kwargs.items()), pairs, get_language(), token)
            request.cache_vary = vary
            seconds = settings.PAGE_CACHE_SECONDS
            if not (seconds > 0 and request.method in ("GET", "HEAD") and _anonymous(request)):
                return view(request, *args, **kwargs)
            # The page names its own absolute address (canonical, hreflang), so the host and
            # scheme it was asked for are part of the key (the host is one of ALLOWED_HOSTS).
            # ``_GZIPPED`` in the key: a page kept in the earlier form (its body as it was) is
            # never read as a gzipped one.
            key = f"page:{_digest(vary, request.scheme, request.get_host(), _GZIPPED)}"
            etag = f'"{key[5:37]}"'
            not_modified = get_conditional_response(request, etag=etag)
            if not_modified is not None:
                return _public(not_modified, seconds)
            cache = caches["pages"]
            cached = cache.get(key)
            if _is_kept(cached):
                return _public(_kept_response(request, cached[1], cached[2]), seconds)
            response = view(request, *args, **kwargs)
            # A page that used a CSRF token or set a cookie belongs to one visitor only.
            personal = response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            if response.status_code != 200 or personal or response.streaming:
                return response
            if not _only_known(request, pairs):
                response["ETag"] = etag
                return _public(response, seconds)
            # The body gzipped once and its type: a kept page is sent as every later visitor
            # gets it, and not compressed again on each request.
            headers = {"Content-Type": response["Content-Type"], "ETag": etag}
            compressed = compress_string(response.content)
            cache.set(key, (_GZIPPED, compressed, headers), seconds)
            return _public(_kept_response(request, compressed, headers), seconds)

        return wrapper

    return decorator


def _public(response, seconds):
    patch_cache_control(response, public=True, max_age=min(seconds, 60))
    return response


def fragments(request):
    """Context processor: what ``{% cache %}`` in a public page's template needs."""
    seconds = settings.CONTENT_CACHE_SECONDS
    vary = getattr(request, "cache_vary", "")
    return {
        "fragment_cache": "pages" if seconds > 0 and vary else "off",
        "fragment_seconds": seconds,
        "cache_vary": vary,
    }


# --- Downloads: open data, calendars, feeds ----------------------------------------------------

# The headers a cached download keeps; the rest (CORS, licence link) the view sets again.
_KEPT_HEADERS = (
    "Content-Type",
    "Content-Disposition",
    "Cache-Control",
    "Link",
    "Access-Control-Allow-Origin",
    "ETag",
)


def cached_download(*scopes):
    """
    Keep what a download view (open data, calendar, feed) answers in the shared cache, keyed by
    the versions of ``scopes`` (which may name the URL's arguments, ``{slug}``) and the day (a
    calendar's window moves with it), for CONTENT_CACHE_SECONDS.

    The ETag is the key's hash, known before the body: a client that holds it gets ``304``
    without anything being rendered (GET and HEAD alike), and with the cache off the body is
    streamed as the view makes it. A miss is streamed to the client while it is copied into the
    cache; a repeat is answered from the cache whole.

    The body is kept gzipped, like a page's (``_kept_response``).
    """

    def decorator(view):
        name = f"{view.__module__}.{view.__qualname__}"

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            token = versions(*(scope.format(**kwargs) for scope in scopes))
            address = (request.scheme, request.get_host(), request.path)
            digest = _digest(name, address, get_language(), timezone.localdate(), token)
            key = f"download:{digest}"
            etag = f'"{digest[:32]}"'
            not_modified = get_conditional_response(request, etag=etag)
            if not_modified is not None:
                return not_modified
            seconds = settings.CONTENT_CACHE_SECONDS
            cache = caches["pages"]
            if seconds > 0:
                cached = cache.get(key)
                if _is_kept(cached):
                    return _kept_response(request, cached[1], cached[2])
            response = view(request, *args, **kwargs)
            if response.status_code != 200:
                return response
            response["ETag"] = etag
            del response["Last-Modified"]
            if seconds <= 0:
                return response
            headers = {h: response[h] for h in _KEPT_HEADERS if h in response}
            if response.streaming:
                response.streaming_content = _copied(response.streaming_content, key, headers)
            else:
                cache.set(key, (_GZIPPED, compress_string(response.content), headers), seconds)
            return response

        return wrapper

    return decorator


def _is_kept(cached):
    """Whether ``cached`` is a body kept by this module: ``(_GZIPPED, body, headers)``."""
    return isinstance(cached, tuple) and len(cached) == 3 and cached[0] == _GZIPPED


def _kept_response(request, compressed, headers):
    """
    A kept page or download as PublicGZipMiddleware would send it: gzipped to an anonymous
    client that accepts gzip (what is kept holds no secret), plain to anyone else. Kept
    gzipped, a body is a fifth to a tenth of the size to read from the shared cache, and a
    repeat is not compressed again on every request (a third of a kept page's CPU before).
    """
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    if _ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")) and not signed_in:
        response = HttpResponse(compressed)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(gzip.decompress(compressed))
    for header, value in headers.items():
        response[header] = value
    patch_vary_headers(response, ("Accept-Encoding",))
    if response.get("Content-Encoding") == "gzip" and response.get("ETag", "").startswith('"'):
        # As GZipMiddleware does: the compressed bytes are not those of the strong ETag.
        response["ETag"] = "W/" + response["ETag"]
    return response


def _copied(chunks, key, headers):
    parts = []
    for chunk in chunks:
        parts.append(chunk)
        yield chunk
    # Only a body sent whole is kept: a client that hung up leaves nothing half-done.
    body = compress_string(b"".join(parts))
    caches["pages"].set(key, (_GZIPPED, body, headers), settings.CONTENT_CACHE_SECONDS)
