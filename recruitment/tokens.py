"""
The applicant's private link. It carries only a signed random key, so the address says
nothing about the applicant and cannot be guessed or altered to reach another application.
"""

import uuid

from django.core import signing

from recruitment.models import Application

_SALT = "recruitment.application-link"


def application_token(application):
    return signing.Signer(salt=_SALT).sign(application.access_key.hex)


def application_for_token(token):
    """The application the token was made for, or None for a wrong or tampered token."""
    try:
        key = uuid.UUID(hex=signing.Signer(salt=_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
    return (
        Application.objects.select_related("campaign", "committee").filter(access_key=key).first()
    )
