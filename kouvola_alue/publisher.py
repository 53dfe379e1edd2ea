"""
Who publishes the portal's feeds, calendars and open data, under which licence, and the
identifiers they carry: one definition for the Atom feeds, the iCalendar files, the open-data
files and the DCAT-AP catalogue.

The identifiers are constants on purpose, not settings read from the environment: a feed
reader or a calendar app recognises an entry or an event by its id, so the id must stay the
same whichever host, port or staging copy served it (RFC 4287 §4.2.6, RFC 5545 §3.8.4.7).
Tag URIs (RFC 4151) name a domain the city held at a date, not the address serving them.
"""

from django.utils.translation import gettext_lazy as _

ID_DOMAIN = "aluetoimikunnat.kouvola.fi"
TAG_AUTHORITY = f"{ID_DOMAIN},2026"

PUBLISHER_NAME = _("City of Kouvola")
PUBLISHER_URL = "https://www.kouvola.fi/"
CONTACT_NAME = _("Kouvola's area committees")
CONTACT_EMAIL = "aluetoimikunnat@kouvola.fi"

# The licence's URI as harvesters and the Link header expect it, not the human-readable deed.
LICENCE_URI = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_NAME = "CC BY 4.0"
LICENCE_SPDX = "CC-BY-4.0"
ATTRIBUTION = _("City of Kouvola, area committees")


def tag_uri(specific):
    """A permanent id such as ``tag:aluetoimikunnat.kouvola.fi,2026:kokous-12``."""
    return f"tag:{TAG_AUTHORITY}:{specific}"


def licence_link(response):
    """Name the licence in an RFC 8288 ``Link`` header, so a harvester sees it without parsing."""
    response["Link"] = f'<{LICENCE_URI}>; rel="license"'
    return response
