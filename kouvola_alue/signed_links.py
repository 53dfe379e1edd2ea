"""
The private links in mails (an application's, a booking request's, a meeting invitation's):
a row's random key signed with the secret key, so that the address says nothing about the
person and cannot be guessed or altered to reach another row. A link may also carry the time
it was made and stop working after ``max_age`` seconds. Renewing the row's key makes every
earlier link stop working.
"""

import uuid

from django.core import signing


class InvalidLink(Exception):
    """A forged, tampered, malformed or unknown link."""


class ExpiredLink(InvalidLink):
    """A genuine link older than its ``max_age``."""


def _signer(salt, timestamped):
    return signing.TimestampSigner(salt=salt) if timestamped else signing.Signer(salt=salt)


def key_token(key, *, salt, timestamped=False):
    """The token of ``key`` (a UUID): ``<32 hex digits>:[<time>:]<signature>``."""
    return _signer(salt, timestamped).sign(key.hex)


def key_of_token(token, *, salt, max_age=None):
    """
    The UUID ``token`` was made for. A timestamped token is read with ``max_age`` (seconds).
    Raises ``ExpiredLink`` for a timestamped token past it, ``InvalidLink`` otherwise.
    """
    try:
        if max_age is None:
            value = signing.Signer(salt=salt).unsign(token)
        else:
            value = signing.TimestampSigner(salt=salt).unsign(token, max_age=max_age)
        return uuid.UUID(hex=value)
    except signing.SignatureExpired as error:
        raise ExpiredLink from error
    except (signing.BadSignature, ValueError) as error:
        raise InvalidLink from error
