"""
What base.html puts in every page's head besides the stylesheets: the page's own title and
description (captured from the page's blocks once, used for <title>, the meta description and
Open Graph), its canonical address, its alternates in the other languages, and the language
switch's links.
"""

import html
import re

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from kouvola_alue.i18n import url_in_language

register = template.Library()

# Open Graph names a locale with a country; the portal speaks Finland's Finnish and British
# English (as its English texts are written).
OG_LOCALES = {"fi": "fi_FI", "en": "en_GB"}
# The portal's mark (static/img/favicon.svg) as the 1200×630 PNG that link previews want.
DEFAULT_OG_IMAGE = "img/og-image.png"
# A list's page number is part of what a page shows; every other parameter (filters, search
# words, tracking tags) only narrows or labels the same content, so it is left out of the
# canonical address.
PAGE_PARAMETERS = ("page", "sivu")
DESCRIPTION_LENGTH = 160


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist, self.name = nodelist, name

    def render(self, context):
        # Stored as rendered (escaped) markup; ``plain`` and ``describe`` make text of it.
        context[self.name] = mark_safe(self.nodelist.render(context))
        return ""


@register.tag
def capture(parser, token):
    """
    ``{% capture as name %}…{% endcapture %}``: render the content once into ``name``
    instead of the page, so that a block (the page's title) can be used in several places.
    """
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


def _text(markup):
    without_tags = re.sub(r"<[^>]*>", " ", str(markup))
    return " ".join(html.unescape(without_tags).split())


@register.filter
def plain(markup):
    """Rendered markup as one line of plain text (autoescaped again when output)."""
    return _text(markup)


@register.filter
def describe(markup):
    """Plain text cut at a word, with an ellipsis, to what search engines show (160)."""
    text = _text(markup)
    if len(text) <= DESCRIPTION_LENGTH:
        return text
    # One character is left for the ellipsis.
    cut = text[: DESCRIPTION_LENGTH - 1]
    if text[DESCRIPTION_LENGTH - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:–-") + "…"


@register.filter
def within(path, section):
    """Whether ``path`` is ``section``'s address or under it (the navigation's current item)."""
    return str(path).startswith(str(section))


def _canonical_path(request):
    path = request.path
    number = request.GET.get(PAGE_PARAMETERS[0]) or request.GET.get(PAGE_PARAMETERS[1])
    only_a_page_number = len(request.GET) == 1 and number and number.isdigit()
    if only_a_page_number and int(number) > 1:
        (name,) = request.GET.keys()
        return f"{path}?{name}={int(number)}"
    return path


@register.simple_tag(takes_context=True)
def page_addresses(context):
    """
    The addresses of the page being shown: ``canonical``, ``alternates`` (hreflang, URL) for
    every language and x-default (Finnish), all absolute; ``switch`` (code, name, URL) to the
    same page, query string kept, in each other language; ``locale`` and ``other_locales``
    for Open Graph. Without a request (a page rendered outside one) it is empty.
    """
    request = context.get("request")
    if request is None:
        return {}
    current = translation.get_language()
    canonical = _canonical_path(request)
    alternates = []
    for code, _name in settings.LANGUAGES:
        url = url_in_language(canonical, code)
        if url is not None:
            alternates.append((code, request.build_absolute_uri(url)))
    if alternates:
        default = dict(alternates).get(settings.LANGUAGE_CODE)
        alternates.append(("x-default", default))
    switch = []
    for code, _name in settings.LANGUAGES:
        if code == current:
            continue
        url = url_in_language(request.get_full_path(), code)
        if url is None:
            with translation.override(code):
                url = reverse("home")
        switch.append((code, translation.get_language_info(code)["name_local"], url))
    return {
        "canonical": request.build_absolute_uri(canonical),
        "alternates": alternates,
        "switch": switch,
        "locale": OG_LOCALES.get(current, current),
        "other_locales": [OG_LOCALES.get(c, c) for c, _n in settings.LANGUAGES if c != current],
        # Open Graph's image, absolute: the portal's mark unless a page names its own.
        "image": request.build_absolute_uri(static(DEFAULT_OG_IMAGE)),
    }
