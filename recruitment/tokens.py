"""
The applicant's private link. It carries only a signed random key, so the address says
nothing about the applicant and cannot be guessed or altered to reach another application
(``kouvola_alue.signed_links``); its pages are ``kouvola_alue.privatelinks``'.
"""

from django.utils.translation import gettext_lazy as _

from kouvola_alue.privatelinks import PrivateLink
from kouvola_alue.signed_links import SignedKey
from recruitment.models import Application

# The session key keeps the name it had before the links were declared here, so a session
# opened before an update still holds its link.
APPLICATION_LINK = PrivateLink(
    "recruitment_application",
    key=SignedKey(
        salt="recruitment.application-link",
        rows=Application.objects.select_related("campaign", "committee"),
    ),
    home="recruitment:index",
    home_label=_("Member recruitment"),
    invalid_text=_(
        "Check that you copied the whole link from the e-mail. If the application was removed, "
        "the link no longer works."
    ),
    left_message=_(
        "You have left the pages of your application. The link in your e-mail opens them again."
    ),
)


def application_token(application):
    return APPLICATION_LINK.token(application)
