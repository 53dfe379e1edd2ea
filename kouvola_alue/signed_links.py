"""
The private links in mails (an application's, a booking request's, a follower's, a meeting
invitation's): a row's random key signed with the secret key, so that the address says nothing
about the person and cannot be guessed or altered to reach another row. A link may also carry
the time it was made and stop working after ``max_age`` seconds. Renewing the row's key makes
every earlier link stop working.

Each kind of link is declared once, as a ``SignedKey``: the rows it opens, the field holding
each row's key, a salt of its own (so that one kind of link never opens another kind's page)
and, for a link that expires, its ``max_age``. The pages behind a link are
``kouvola_alue.privatelinks``'.
"""

import uuid

from django.core import signing
from django.core.exceptions import ValidationError


class InvalidLink(Exception):
    """A forged, tampered, malformed or unknown link."""


class ExpiredLink(InvalidLink):
    """A genuine link older than its ``max_age``."""


def _signer(salt, timestamped):
    return signing.TimestampSigner(salt=salt) if timestamped else signing.Signer(salt=salt)


def _value(key):
    return key.hex if isinstance(key, uuid.UUID) else str(key)


def key_token(key, *, salt, timestamped=False):
    """The token of ``key`` (a UUID, or a random string): ``<key>:[<time>:]<signature>``."""
    return _signer(salt, timestamped).sign(_value(key))


def _unsign(token, *, salt, max_age=None):
    try:
        if max_age is None:
            return signing.Signer(salt=salt).unsign(token)
        return signing.TimestampSigner(salt=salt).unsign(token, max_age=max_age)
    except signing.SignatureExpired as error:
        raise ExpiredLink from error
    except (signing.BadSignature, ValueError) as error:
        raise InvalidLink from error


class SignedKey:
    """
    One kind of private link's token. ``rows`` is the queryset the link opens a row of (with
    what its pages read alongside, ``select_related``), ``key_field`` the field holding the
    row's random key (a UUID or a random string).
    """

    def __init__(self, *, salt, rows, key_field="access_key", max_age=None):
        self.salt = salt
        self.rows = rows
        self.key_field = key_field
        self.max_age = max_age

    def token(self, row):
        return key_token(
            getattr(row, self.key_field), salt=self.salt, timestamped=self.max_age is not None
        )

    def row(self, token):
        """
        The row ``token`` was made for. Raises ``ExpiredLink`` for a link past its age,
        ``InvalidLink`` for a forged, tampered or malformed one and for a row that is gone or
        has a new key.
        """
        value = _unsign(token, salt=self.salt, max_age=self.max_age)
        try:
            key = self.rows.model._meta.get_field(self.key_field).to_python(value)
        except ValidationError as error:
            raise InvalidLink from error
        row = self.rows.filter(**{self.key_field: key}).first()
        if row is None:
            raise InvalidLink
        return row

    def row_or_none(self, token):
        """The row ``token`` was made for, or None for any link that does not open one."""
        try:
            return self.row(token)
        except InvalidLink:
            return None
