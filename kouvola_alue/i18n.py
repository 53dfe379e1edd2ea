"""
Content that staff write in Finnish with an optional English version, and the address of the
same page in the other language (English lives under /en/, Finnish without a prefix).
"""

from functools import lru_cache
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.urls import Resolver404, get_urlconf, resolve, translate_url
from django.utils import translation
from django.utils.translation import get_language


def localized_with_language(obj, field):
    """
    ``(text, language)`` of a text field that staff write in Finnish with an optional English
    variant (``<field>_en``): the English one when the UI is in English and staff have written
    it, otherwise the Finnish original with "fi". The one rule; ``localized`` and the template
    filters of ``kouvola_alue.templatetags.localized`` ask it.
    """
    original = getattr(obj, field) or ""
    if (get_language() or "").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english, "en"
        return original, "fi"
    return original, settings.LANGUAGE_CODE


def localized(obj, field):
    """The text of ``localized_with_language`` alone, for plain-text places (titles, feeds)."""
    return localized_with_language(obj, field)[0]


def url_in_language(url, language):
    """
    ``url`` (a path on this site, query string kept) as the same page in ``language``:
    /hankkeet/?alue=x → /en/hankkeet/?alue=x. None when the path is no page of the site.

    The path is resolved in its own language (its prefix, or none for Finnish), so this
    works whatever language the current request is in.
    """
    # Every page asks this for its canonical and switch addresses (a resolve and a reverse
    # each); the answer depends only on the address, the language and the URLconf.
    return _url_in_language(url, language, get_urlconf())


@lru_cache(maxsize=2048)
def _url_in_language(url, language, urlconf):
    path = unquote(urlsplit(url).path)
    with translation.override(translation.get_language_from_path(path) or settings.LANGUAGE_CODE):
        try:
            resolve(path)
        except Resolver404:
            return None
        return translate_url(url, language)
