"""
Conditional GET for what programs poll: feeds, calendars and open-data files.

Calendar apps and feed readers ask again every few hours; most of the time nothing changed.
The validator is an ETag computed from the bytes of the response (Django's
``ConditionalGetMiddleware``, applied to these views only), and a client that sends it back in
``If-None-Match`` gets ``304 Not Modified`` without the body.

Why not ``condition()`` with a ``Last-Modified`` from ``max(updated_at)``: that date does not
move when a meeting is unpublished or deleted, when a committee is renamed or a community space
moves, nor between the Finnish and English version or two host names, so it would answer 304
to a client holding stale content. A hash of the bytes changes with any of them. The price is
that the response is still built before it is compared (one to three queries, a few
milliseconds); the bandwidth and the client's work are what is saved. For the same reason no
``Last-Modified`` header is sent (Django's syndication views set one from the entries' dates):
a client that sends only ``If-Modified-Since`` simply gets the full response.
"""

from functools import wraps

from django.views.decorators.http import conditional_page


def conditional_download(view):
    """Answer ``If-None-Match`` with 304 when the response's bytes have not changed."""

    @wraps(view)
    def without_last_modified(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        del response["Last-Modified"]
        return response

    return conditional_page(without_last_modified)
