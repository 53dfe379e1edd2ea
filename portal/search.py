"""
Site search (/haku/?q=): committees, ideas, meetings, community spaces and goals in one list,
each result with the passage that matched.

On PostgreSQL the search is full-text with the ``finnish`` configuration (stemming, ranking
and highlighting in the database): each source's rows carry a stored ``search_vector`` with a
GIN index (kept by triggers, see the apps' migrations), all sources are ranked in one query,
and the passages are highlighted only for the page of results shown. Elsewhere (SQLite in
development) the same sources are searched in Python with the Finnish Snowball stemmer, so
inflected words still match:
"kulttuuri" finds "kulttuurin", "Valkealan" finds "Valkeala".

The kinds of things searched are ``kouvola_alue.registry.SearchSource``s that each domain app
registers from its ``AppConfig.ready()``; this module only runs them.

A page of results is kept briefly in the default (shared) cache, keyed by the normalised
words, the language, the page and the page cache's version, so a staff edit shows at once; with
the page cache off (``DJANGO_PAGE_CACHE_SECONDS=0``) nothing is kept.
"""

import unicodedata
from dataclasses import dataclass, field
from operator import attrgetter

from django.conf import settings
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchRank,
    SearchVector,
)
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import CharField, F, TextField, Value
from django.db.models.functions import Coalesce, Concat
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from kouvola_alue.fulltext import WORD, StoredVector, prefix_query, stem, term_matches
from kouvola_alue.pagecache import current_version
from kouvola_alue.registry import search_sources

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
PAGE_SIZE = 20
CACHE_SECONDS = 60
SNIPPET_WORDS = 30
WEIGHTS = {"A": 1.0, "B": 0.4, "C": 0.2, "D": 0.1}
# Markers the database puts around a match; the text is escaped before they become <mark>.
MARK_START, MARK_STOP = "\x02", "\x03"


@dataclass
class SearchResult:
    kind: str
    label: str
    title: str
    url: str
    snippet: str
    rank: float
    is_demo: bool = False


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
    terms = []
    for word in WORD.findall(text.lower()):
        if word not in terms:
            terms.append(word)
    if len(terms) > MAX_TERMS:
        terms, shortened = terms[:MAX_TERMS], True
    return Query(text=text, terms=terms, shortened=shortened)


@dataclass
class ResultPage:
    """One page of results: what the template shows, and what the cache keeps."""

    results: list = field(default_factory=list)
    number: int = 1
    num_pages: int = 1
    count: int = 0

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_next(self):
        return self.number < self.num_pages


def page_number(raw):
    """``?sivu=`` as a page number; anything else is the first page."""
    return int(raw) if raw and raw.isdigit() and 0 < int(raw) < 10_000 else 1


def search(query, page=1):
    """Page ``page`` of the results for a cleaned ``query``, best first."""
    if not query.terms:
        return ResultPage()
    backend = _search_postgresql if connection.vendor == "postgresql" else _search_python
    seconds = min(CACHE_SECONDS, settings.PAGE_CACHE_SECONDS)
    if seconds <= 0:
        return backend(search_sources(), query, page)
    key = f"search:{current_version()}:{get_language()}:{page}:{' '.join(query.terms)}"
    found = cache.get(key)
    if found is None:
        found = backend(search_sources(), query, page)
        cache.set(key, found, seconds)
    return found


# --- PostgreSQL: full-text search with the finnish configuration ---------------------------------


def _text_of(paths):
    parts = []
    for path in paths:
        parts += [Coalesce(F(path), Value(""), output_field=TextField()), Value(" … ")]
    parts = parts[:-1]
    return Concat(*parts, output_field=TextField()) if len(parts) > 1 else parts[0]


def _computed_vector(source):
    vector = None
    for path, weight in source.fields.items():
        part = SearchVector(path, weight=weight, config="finnish")
        vector = part if vector is None else vector + part
    return vector


def _search_postgresql(sources, query, page):
    ts_query = prefix_query(query.terms)
    # Every source's matches ranked in one query; only their kind, key and rank.
    ranked = [
        source.queryset()
        .order_by()
        .alias(search_document=document)
        .filter(search_document=ts_query)
        .annotate(
            search_kind=Value(source.kind, output_field=CharField()),
            search_rank=SearchRank(document, ts_query),
        )
        .values_list("search_kind", "pk", "search_rank")
        for source in sources
        for document in [StoredVector() if source.stored_vector else _computed_vector(source)]
    ]
    combined = ranked[0].union(*ranked[1:], all=True).order_by("-search_rank", "search_kind", "pk")
    shown = Paginator(combined, PAGE_SIZE).get_page(page)
    rows = list(shown.object_list)
    # The objects and their highlighted passages for this page only.
    found = {}
    for source in sources:
        keys = [pk for kind, pk, _rank in rows if kind == source.kind]
        if not keys:
            continue
        objects = (
            source.queryset()
            .filter(pk__in=keys)
            .annotate(
                search_headline=SearchHeadline(
                    _text_of(list(source.fields)),
                    ts_query,
                    config="finnish",
                    start_sel=MARK_START,
                    stop_sel=MARK_STOP,
                    max_words=SNIPPET_WORDS,
                    min_words=12,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                )
            )
        )
        for obj in objects:
            found[source.kind, obj.pk] = (source, obj)
    results = []
    for kind, pk, rank in rows:
        if (kind, pk) in found:  # unless it was removed in between
            source, obj = found[kind, pk]
            results.append(_result(source, obj, _marked(obj.search_headline), float(rank)))
    return ResultPage(results, shown.number, shown.paginator.num_pages, shown.paginator.count)


def _marked(headline):
    html = escape(headline or "")
    return mark_safe(html.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>"))


# --- Elsewhere: the Finnish Snowball stemmer in Python ----------------------------------------


_stem = stem
_term_matches = term_matches


def _value(obj, path):
    value = obj
    for attr in path.split("__"):
        value = getattr(value, attr, None)
        if value is None:
            return ""
    return str(value)


def _search_python(sources, query, page):
    results = [result for source in sources for result in _search_source_python(source, query)]
    results.sort(key=attrgetter("rank"), reverse=True)
    shown = Paginator(results, PAGE_SIZE).get_page(page)
    return ResultPage(
        list(shown.object_list), shown.number, shown.paginator.num_pages, shown.paginator.count
    )


def _search_source_python(source, query):
    terms = [(term, _stem(term)) for term in query.terms]
    results = []
    for obj in source.queryset():
        # Each word scores by the most important field it is found in, so a word repeated
        # in long minutes does not outrank the name of a committee.
        best = {}
        texts = []
        for path, weight in source.fields.items():
            text = _value(obj, path)
            texts.append(text)
            for word in WORD.findall(text.lower()):
                stem = _stem(word)
                for term, term_stem in terms:
                    if _term_matches(term, term_stem, word, stem):
                        best[term] = max(best.get(term, 0.0), WEIGHTS[weight])
        if len(best) == len(terms):
            snippet = _snippet(" … ".join(t for t in texts if t), terms)
            results.append(_result(source, obj, snippet, sum(best.values()) / len(terms)))
    return results


def _snippet(text, terms):
    """About ``SNIPPET_WORDS`` words around the first match, the matches marked."""
    words = list(WORD.finditer(text))

    def matches(m):
        word = m.group().lower()
        stem = _stem(word)
        return any(_term_matches(t, s, word, stem) for t, s in terms)

    hits = [i for i, m in enumerate(words) if matches(m)]
    if not words:
        return ""
    first = hits[0] if hits else 0
    start_index = max(0, first - SNIPPET_WORDS // 3)
    end_index = min(len(words), start_index + SNIPPET_WORDS) - 1
    start = 0 if start_index == 0 else words[start_index].start()
    end = len(text) if end_index == len(words) - 1 else words[end_index].end()
    parts, position = [], start
    for index in hits:
        if start_index <= index <= end_index:
            m = words[index]
            parts += [escape(text[position : m.start()]), f"<mark>{escape(m.group())}</mark>"]
            position = m.end()
    parts.append(escape(text[position:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(parts) + suffix)


def _result(source, obj, snippet, rank):
    return SearchResult(
        kind=source.kind,
        label=str(source.label),
        title=str(source.title(obj)),
        url=source.url(obj),
        snippet=snippet,
        rank=rank,
        is_demo=bool(source.is_demo(obj)),
    )


@require_safe
def search_view(request):
    query = clean_query(request.GET.get("q", ""))
    found = search(query, page_number(request.GET.get("sivu")))
    return render(
        request,
        "portal/search.html",
        {
            "query": query,
            "searched": "q" in request.GET,
            "results": found.results,
            "result_page": found,
            "demo_content": any(r.is_demo for r in found.results),
        },
    )
