"""
Site search (/haku/?q=): committees, ideas, meetings, community spaces and goals, grouped by
kind with a count of each and a filter by kind (``?tyyppi=``), in pages (``?sivu=``), each
result with the passage that matched, in the visitor's language.

Two engines answer alike: full text in PostgreSQL (``postgresql.py``: stemming, ranking and
highlighting in the database) and, elsewhere (SQLite in development), the Finnish Snowball
stemmer in Python (``python.py``). What they give, and the rules they share, is
``results.py``; the page is ``views.py``.

The kinds of things searched are ``kouvola_alue.registry.SearchSource``s that each domain app
registers from its ``AppConfig.ready()``; this module only runs them. A source may say which
of its fields are the English versions of which (``translations``): the Finnish site shows
passages of the Finnish texts only, the English site those of the English texts where a row has
them, and otherwise the Finnish ones marked ``lang="fi"``. A source may also say when its hits
are one series (``series``: the meetings of one committee under one title), shown as one result.

A page of results is kept briefly in the default (shared) cache, keyed by the normalised
words, the language, the kind, the page and the versions of the cache scopes the results show
(SEARCHED_SCOPES, kouvola_alue/cachescopes.py), so a staff edit shows at once; like the pages'
fragments it is kept with the page cache off too, and nothing is kept with
``DJANGO_CONTENT_CACHE_SECONDS=0``.
"""

import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils.translation import get_language

from kouvola_alue.cachescopes import versions
from kouvola_alue.fulltext import MAX_TERMS, words
from kouvola_alue.registry import search_sources
from portal.search import postgresql, python
from portal.search.results import MAX_PAGE, ResultPage

MAX_QUERY_LENGTH = 200
PAGE_SIZE = 20
CACHE_SECONDS = 60


@dataclass(frozen=True)
class Query:
    text: str
    terms: list[str]
    shortened: bool = False


def clean_query(raw):
    """
    The words to look for: control characters dropped (PostgreSQL refuses NUL), length and
    number of words capped so that a pasted essay costs no more than a sentence.
    """
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in raw or "")
    text = " ".join(text.split())
    shortened = len(text) > MAX_QUERY_LENGTH
    text = text[:MAX_QUERY_LENGTH]
    terms = words(text, limit=None)
    if len(terms) > MAX_TERMS:
        terms, shortened = terms[:MAX_TERMS], True
    return Query(text=text, terms=terms, shortened=shortened)


def page_number(raw):
    """
    ``?sivu=`` as a page number: ``None`` when it is no number a page could have (the first
    page is shown, and said so).
    """
    raw = (raw or "").strip()
    if raw.isascii() and raw.isdigit() and 0 < int(raw) < MAX_PAGE:
        return int(raw)
    return None


def chosen_kind(raw):
    """``?tyyppi=`` as one of the kinds searched, or ``None`` when it is none of them."""
    return next((s.kind for s in search_sources() if s.kind == raw), None)


# What the results show (kouvola_alue/cachescopes.py): kept results are forgotten with them.
SEARCHED_SCOPES = ("committees", "ideas", "goals", "meetings", "campaigns", "spaces")


def search(query, page=1, kind=""):
    """Page ``page`` of the results for a cleaned ``query``, best first, of ``kind`` or all."""
    if not query.terms:
        return ResultPage()
    backend = postgresql.search if connection.vendor == "postgresql" else python.search
    seconds = min(CACHE_SECONDS, settings.CONTENT_CACHE_SECONDS)
    if seconds <= 0:
        return backend(search_sources(), query, page, kind, PAGE_SIZE)
    token = versions(*SEARCHED_SCOPES)
    key = f"search:{token}:{get_language()}:{kind}:{page}:{' '.join(query.terms)}"
    found = cache.get(key)
    if found is None:
        found = backend(search_sources(), query, page, kind, PAGE_SIZE)
        cache.set(key, found, seconds)
    return found
