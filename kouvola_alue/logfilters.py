"""Log filters. The code logs ids and kinds of errors only; this catches what slips through."""

import logging
import re

# An e-mail address, and a signed key as the portal's private links carry it
# (recruitment/tokens.py: 32 hex digits, a colon, a base64 signature).
_PRIVATE = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\b[0-9a-f]{32}:[A-Za-z0-9_-]{20,}"
)


class HidePrivateData(logging.Filter):
    """Replaces e-mail addresses and private-link tokens in a record's message by "[hidden]"."""

    def filter(self, record):
        message = record.getMessage()
        hidden = _PRIVATE.sub("[hidden]", message)
        if hidden != message:
            record.msg, record.args = hidden, None
        return True
