"""The portal's own settings, with the experiment's URLconf in front of the portal's."""

from kouvola_alue.settings import *  # noqa: F403

ROOT_URLCONF = "page_floors.urls"
