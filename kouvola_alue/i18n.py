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


def localized(obj, field):
    """
    The English variant of a text field (``<field>_en``) when the UI is in English and staff
    have written one; otherwise the Finnish original.
    """
    if (get_language() or "").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, field)


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
