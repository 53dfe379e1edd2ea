"""
Log formatting. The code logs ids and kinds of errors only; this formatter is the second line
of defence, for a line that would carry an e-mail address or a private link all the same
(runserver's request line for the private link's first visit, django.request's "Not Found: …"
for a link that expired, an exception's text).

The private links are found in the URLconf, not listed here: every route with a parameter
named ``token`` is one (an application's, a booking's, a follower's confirm, manage and
unsubscribe links, and whatever signed link an app adds the same way). The path up to the
token stays readable, the token itself becomes "[hidden]". docs/DEPLOYMENT.md's nginx
``log_format`` hides the same paths (tests/security/test_private_links_in_logs.py holds the
two together).
"""

import functools
import logging
import re

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern

# The parameter that makes a route a private link.
TOKEN_PARAMETER = "token"
HIDDEN = "[hidden]"

# An e-mail address, and a signed key as the portal's private links carry it
# (kouvola_alue/signed_links.py: 32 hex digits, a colon, perhaps a timestamp and a colon,
# a base64 signature).
_PRIVATE = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[0-9a-f]{32}:(?:[A-Za-z0-9]+:)?[A-Za-z0-9_-]{20,}"
)
# A signed value always holds the signer's separator ":" (written %3A by some mail programs),
# which keeps the other pages under the same path ("hakemus/oma/") readable.
_TOKEN = r"[^/?#\s\"']*(?::|%3[Aa])[^/?#\s\"']*"
_LANGUAGE_PREFIX = r"(?:[a-z]{2}(?:-[a-z]+)?/)?"


def _chains(patterns, parents=()):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _chains(pattern.url_patterns, (*parents, pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield (*parents, pattern.pattern)


def _prefix_before_token(chain):
    """The regex of a route's path before its token, or None for a route without one."""
    parts = []
    for pattern in chain:
        if isinstance(pattern, LocalePrefixPattern):
            parts.append(_LANGUAGE_PREFIX)
            continue
        regex = pattern.regex.pattern.removeprefix("^").removesuffix(r"\Z")
        marker = f"(?P<{TOKEN_PARAMETER}>"
        if marker in regex:
            parts.append(regex[: regex.index(marker)])
            return re.sub(r"\(\?P<\w+>", "(?:", "".join(parts))
        parts.append(regex)
    return None


def private_link_prefixes(urlconf=None):
    """The regex of each private link's path before its token, from the URLconf."""
    prefixes = (
        _prefix_before_token(chain) for chain in _chains(get_resolver(urlconf).url_patterns)
    )
    return sorted({prefix for prefix in prefixes if prefix is not None})


@functools.cache
def private_link_pattern():
    """One regex for every private link's path; group ``token`` is the secret part."""
    alternatives = "|".join(private_link_prefixes())
    return re.compile(rf"(?P<path>/(?:{alternatives}))(?P<{TOKEN_PARAMETER}>{_TOKEN})")


# While the URLconf cannot be read (a line logged as it is imported, or its import failing),
# every path segment shaped like a signed value is hidden.
_ANY_SIGNED_SEGMENT = re.compile(rf"(?P<path>/)(?P<{TOKEN_PARAMETER}>{_TOKEN})(?=/)")


def hide_private_data(text):
    try:
        links = private_link_pattern()
    except Exception:
        links = _ANY_SIGNED_SEGMENT
    text = links.sub(rf"\g<path>{HIDDEN}", text)
    return _PRIVATE.sub(HIDDEN, text)


class PrivateDataFormatter(logging.Formatter):
    """Formats as usual, then replaces e-mail addresses and private-link tokens by "[hidden]"."""

    def format(self, record):
        return hide_private_data(super().format(record))
