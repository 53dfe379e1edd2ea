"""
The Jinja2 environment of this folder's port of the home page, with the portal's own helpers
as its globals and filters. Used by ``measure.py`` (in one process) and by
``../page_floors`` (under gunicorn).
"""

import pathlib

import jinja2
from django.template import defaultfilters
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language, gettext, ngettext

from committees.templatetags import committees as meeting_tags
from kouvola_alue.templatetags import localized
from portal.templatetags import portal as portal_tags

HERE = pathlib.Path(__file__).resolve().parent


def url(name, *args, **kwargs):
    return reverse(name, args=args or None, kwargs=kwargs or None)


env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE),
    autoescape=True,
    extensions=["jinja2.ext.i18n"],
    auto_reload=False,
)
env.install_gettext_callables(gettext, ngettext, newstyle=True)
env.globals.update(
    url=url,
    static=static,
    get_language=get_language,
    page_addresses=lambda request: portal_tags.page_addresses({"request": request}),
    website_json_ld=lambda request: portal_tags.website_json_ld({"request": request}),
    meeting_when=meeting_tags.meeting_when,
)
env.filters.update(
    localized=localized.localized,
    localized_linked_paragraphs=localized.localized_linked_paragraphs,
    date=defaultfilters.date,
    capfirst=defaultfilters.capfirst,
    plain=portal_tags.plain,
    describe=portal_tags.describe,
    meeting_title=meeting_tags.meeting_title,
    meeting_place=meeting_tags.meeting_place,
)
