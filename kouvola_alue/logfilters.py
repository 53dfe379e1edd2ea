"""
Log formatting. The code logs ids and kinds of errors only; this formatter is the second line
of defence, for a line that would carry an e-mail address or a private link all the same
(runserver's request line for the private link's first visit, an exception's text).
"""

import logging
import re

# An e-mail address, and a signed key as the portal's private links carry it
# (kouvola_alue/signed_links.py: 32 hex digits, a colon, perhaps a timestamp and a colon,
# a base64 signature).
_PRIVATE = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[0-9a-f]{32}:(?:[A-Za-z0-9]+:)?[A-Za-z0-9_-]{20,}"
)


def hide_private_data(text):
    return _PRIVATE.sub("[hidden]", text)


class PrivateDataFormatter(logging.Formatter):
    """Formats as usual, then replaces e-mail addresses and private-link tokens by "[hidden]"."""

    def format(self, record):
        return hide_private_data(super().format(record))
