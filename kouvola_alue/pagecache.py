"""
A short-lived cache of whole public pages for anonymous visitors, shared by every worker and
machine.

The pages live in the ``pages`` cache, which is the shared cache (a table in the database, or
Redis when ``REDIS_URL`` is set; see settings.CACHES), never in a worker's memory. Each key
carries a *version* kept in the same cache, and every committed write to a public table gives
the version a new value, so a staff edit shows at once on every machine: the old pages are no
longer looked up and expire on their own after ``PAGE_CACHE_SECONDS``.

The version changes on the write itself, in the database layer (``watch_public_tables``: an
execute wrapper on every connection that notices ``INSERT``/``UPDATE``/``DELETE`` on the
public apps' tables), not in ``post_save`` receivers: the services publish ideas and the admin
publishes meetings with ``QuerySet.update()`` and the demo scaling uses ``bulk_create``, which
send no signals. It changes once per transaction, after the commit, so that a page rendered
from the old rows by a concurrent request cannot be stored under the new version.

Signed-in users (staff checking their edits) always get a fresh page. The pages cached here
contain nothing personal and no CSRF token: the language switch is a plain link.
"""

import functools
import gzip
import hashlib
import logging
import re
import time
from functools import wraps

from asgiref.local import Local
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.backends.signals import connection_created
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.text import compress_string
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

VERSION_KEY = "page-version"
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# Fragments and kept values are rendered again at least this often (seconds), whatever the
# version: what is "upcoming" or "open" moves with the clock, not only with staff edits.
FRAGMENT_PERIOD = 300
_PUBLIC_WRITE = None
# The version read once per request (a page with several fragments asks the shared cache once).
_request = Local()


def _request_started(**kwargs):
    _request.active, _request.version = True, None


def _request_finished(**kwargs):
    _request.active, _request.version = False, None


request_started.connect(_request_started, dispatch_uid="pagecache-request-started")
request_finished.connect(_request_finished, dispatch_uid="pagecache-request-finished")


def current_version():
    """The version of the public content; a new one is made when the old one is missing."""
    # Within a request, the version it first read: a page is rendered from one version. A
    # request that itself writes forgets it when the write commits (bump_version), and a
    # page rendered from newer rows under an older version is only never looked up again.
    in_request = getattr(_request, "active", False)
    if in_request and _request.version is not None:
        return _request.version
    cache = caches["pages"]
    version = cache.get(VERSION_KEY)
    if version is None:
        version = _new_version()
        # add(): of two workers that find it missing at once, both end up with one value.
        if not cache.add(VERSION_KEY, version, None):
            version = cache.get(VERSION_KEY) or version
    if in_request:
        _request.version = version
    return version


def bump_version():
    """Make every cached page stale, on every machine."""
    _request.version = None
    try:
        caches["pages"].set(VERSION_KEY, _new_version(), None)
    except Exception as error:
        # E.g. while `migrate` fills a new database before `createcachetable`: nothing is
        # cached yet. Otherwise the old pages live at most PAGE_CACHE_SECONDS.
        logger.warning("The page cache's version was not changed: %s", type(error).__name__)


def _new_version():
    # Not a counter: a counter evicted from the cache would start again at a number whose
    # pages may still be stored.
    return f"{time.time_ns():x}"


def caching_on():
    """Whether anything is kept under the version (pages, downloads, page fragments)."""
    return settings.PAGE_CACHE_SECONDS > 0 or settings.CONTENT_CACHE_SECONDS > 0


def fragment_key(name, *vary):
    """
    The shared cache's key of a page fragment or kept value: its name, the version, the
    language, the period of FRAGMENT_PERIOD seconds it is in and the values it varies on.
    """
    period = int(time.time() // FRAGMENT_PERIOD)
    values = [current_version(), get_language(), timezone.localdate(), period, *vary]
    return make_template_fragment_key(f"fragment:{name}", values)


def kept(name, *vary, compute):
    """
    A small value (e.g. whether a page shows demo content) from the shared cache under
    ``fragment_key(name, *vary)``; ``compute()`` gives it when it is not kept yet. With
    CONTENT_CACHE_SECONDS = 0 it is computed every time.
    """
    seconds = settings.CONTENT_CACHE_SECONDS
    if seconds <= 0:
        return compute()
    cache = caches["pages"]
    key = fragment_key(name, *vary)
    found = cache.get(key)
    if found is None:
        found = (compute(),)
        cache.set(key, found, seconds)
    return found[0]


def lazy_context(compute, *names):
    """
    A template context of ``names`` whose values are read from ``compute()`` (a dict; called
    at most once, when a template first uses one of them). A page whose parts come from
    ``{% fragment %}`` then makes none of these queries when every part is kept. (A lazy
    value is never ``None`` itself: templates test it with ``{% if %}``.)
    """
    once = functools.cache(compute)
    return {name: SimpleLazyObject(functools.partial(_item, once, name)) for name in names}


def _item(once, name):
    return once()[name]


# The headers a cached download keeps; the rest (CORS, licence link) the view sets again.
_KEPT_HEADERS = (
    "Content-Type",
    "Content-Disposition",
    "Cache-Control",
    "Link",
    "Access-Control-Allow-Origin",
    "ETag",
)


def cached_download(view):
    """
    Keep what a download view (open data, calendar, feed) answers in the shared cache until
    the next committed public write (the version), or CONTENT_CACHE_SECONDS. The day is part of
    the key too: a calendar's window moves with it.

    The ETag is then the key's hash, known before the body, so a miss is streamed to the client
    while it is copied into the cache, and a repeat is answered from the cache whole; with the
    cache off the body is gathered and ``conditional_download`` hashes its bytes as before.

    The body is kept gzipped (a tenth of the size to read from the shared cache) and a repeat
    is sent so to a client that accepts gzip, as PublicGZipMiddleware would have compressed it
    (a download holds no secret), without compressing it again on every request.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.CONTENT_CACHE_SECONDS
        if seconds <= 0:
            response = view(request, *args, **kwargs)
            if response.streaming:
                streamed = response
                response = HttpResponse(
                    b"".join(streamed.streaming_content), status=streamed.status_code
                )
                for header, value in streamed.items():
                    response[header] = value
            return response
        cache = caches["pages"]
        address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
        key = f"download:{current_version()}:{timezone.localdate()}:{get_language()}:{address}"
        etag = f'"{hashlib.sha256(key.encode()).hexdigest()[:32]}"'
        cached = cache.get(key)
        if isinstance(cached, tuple) and len(cached) == 3 and cached[0] == _GZIPPED:
            return _kept_download(request, cached[1], cached[2])
        response = view(request, *args, **kwargs)
        if response.status_code != 200:
            return response
        response["ETag"] = etag
        del response["Last-Modified"]
        headers = {h: response[h] for h in _KEPT_HEADERS if h in response}
        if response.streaming:
            response.streaming_content = _copied(response.streaming_content, cache, key, headers)
        else:
            cache.set(key, (_GZIPPED, compress_string(response.content), headers), seconds)
        return response

    return wrapper


_GZIPPED = "gzip"


def _kept_download(request, compressed, headers):
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


def _copied(chunks, cache, key, headers):
    parts = []
    for chunk in chunks:
        parts.append(chunk)
        yield chunk
    # Only a body sent whole is kept: a client that hung up leaves nothing half-done.
    body = compress_string(b"".join(parts))
    cache.set(key, (_GZIPPED, body, headers), settings.CONTENT_CACHE_SECONDS)


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
        # The page names its own absolute address (canonical, hreflang), so the host and scheme
        # it was asked for are part of the key; hashed, so a key has a bounded length.
        address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
        key = f"page:{current_version()}:{get_language()}:{address}"
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


def watch_public_tables(app_labels):
    """
    Change the page version after each committed transaction that wrote to a table of
    ``app_labels`` (the apps whose rows the public pages show). Called once by the site layer.
    """
    global _PUBLIC_WRITE
    tables = "|".join(re.escape(label) for label in app_labels)
    _PUBLIC_WRITE = re.compile(
        rf'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+["`]?(?:{tables})_', re.IGNORECASE
    )
    connection_created.connect(_install_wrapper, dispatch_uid="pagecache-watch")
    # Connections opened before this call (e.g. by the checks) are watched too.
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        _install_wrapper(None, connection)


def _install_wrapper(sender, connection, **kwargs):
    if not any(isinstance(w, _WriteWatcher) for w in connection.execute_wrappers):
        connection.execute_wrappers.append(_WriteWatcher(connection))


class _WriteWatcher:
    def __init__(self, connection):
        self.connection = connection

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if caching_on() and _PUBLIC_WRITE and _PUBLIC_WRITE.match(sql):
            self.schedule()
        return result

    def schedule(self):
        connection = self.connection
        if connection.in_atomic_block:
            # Already due when this transaction commits, from a write that is undone only
            # with this one (its savepoints are among this write's): once is enough.
            savepoints = set(connection.savepoint_ids)
            for entry in connection.run_on_commit:
                if entry[1] is bump_version and entry[0] <= savepoints:
                    return
        transaction.on_commit(bump_version, using=connection.alias, robust=True)
