"""
The applicant's private link. It carries only a signed random key, so the address says
nothing about the applicant and cannot be guessed or altered to reach another application
(``kouvola_alue.signed_links``).
"""

from kouvola_alue.signed_links import InvalidLink, key_of_token, key_token
from recruitment.models import Application

_SALT = "recruitment.application-link"


def application_token(application):
    return key_token(application.access_key, salt=_SALT)


def application_for_token(token):
    """The application the token was made for, or None for a wrong or tampered token."""
    try:
        key = key_of_token(token, salt=_SALT)
    except InvalidLink:
        return None
    return (
        Application.objects.select_related("campaign", "committee").filter(access_key=key).first()
    )
