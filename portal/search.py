"""
Site search (/haku/?q=): committees, ideas, meetings, community spaces and goals in one list,
each result with the passage that matched.

On PostgreSQL the search is full-text with the ``finnish`` configuration (stemming, ranking
and highlighting in the database). Elsewhere (SQLite in development) the same sources are
searched in Python with the Finnish Snowball stemmer, so inflected words still match:
"kulttuuri" finds "kulttuurin", "Valkealan" finds "Valkeala".

The kinds of things searched are ``kouvola_alue.registry.SearchSource``s that each domain app
registers from its ``AppConfig.ready()``; this module only runs them.
"""

import re
import unicodedata
from dataclasses import dataclass
from operator import attrgetter

import snowballstemmer
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection
from django.db.models import F, TextField, Value
from django.db.models.functions import Coalesce, Concat
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from kouvola_alue.abuse import rate_limit_exceeded
from kouvola_alue.registry import search_sources

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
RESULTS_PER_SOURCE = 20
MAX_RESULTS = 50
SNIPPET_WORDS = 30
WEIGHTS = {"A": 1.0, "B": 0.4, "C": 0.2, "D": 0.1}
# Markers the database puts around a match; the text is escaped before they become <mark>.
MARK_START, MARK_STOP = "\x02", "\x03"
WORD = re.compile(r"[^\W_]+")


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


def search(query):
    """The results for a cleaned ``query``, best first."""
    if not query.terms:
        return []
    backend = _search_postgresql if connection.vendor == "postgresql" else _search_python
    results = []
    for source in search_sources():
        results.extend(backend(source, query))
    results.sort(key=lambda r: -r.rank)
    return results[:MAX_RESULTS]


# --- PostgreSQL: full-text search with the finnish configuration ---------------------------------


def _text_of(paths):
    parts = []
    for path in paths:
        parts += [Coalesce(F(path), Value(""), output_field=TextField()), Value(" … ")]
    parts = parts[:-1]
    return Concat(*parts, output_field=TextField()) if len(parts) > 1 else parts[0]


def _search_postgresql(source, query):
    vector = None
    for path, weight in source.fields.items():
        part = SearchVector(path, weight=weight, config="finnish")
        vector = part if vector is None else vector + part
    # Every word must match, each as a prefix of its stem: "kulttuuri" also finds
    # "kulttuuritalo". The words are letters and digits only, so the syntax is safe.
    ts_query = SearchQuery(
        " & ".join(f"{term}:*" for term in query.terms), search_type="raw", config="finnish"
    )
    rows = (
        source.queryset()
        .annotate(search_document=vector)
        .filter(search_document=ts_query)
        .annotate(
            search_rank=SearchRank(vector, ts_query),
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
            ),
        )
        .order_by("-search_rank")[:RESULTS_PER_SOURCE]
    )
    return [
        _result(source, obj, _marked(obj.search_headline), float(obj.search_rank)) for obj in rows
    ]


def _marked(headline):
    html = escape(headline or "")
    return mark_safe(html.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>"))


# --- Elsewhere: the Finnish Snowball stemmer in Python ----------------------------------------


_stemmer = snowballstemmer.stemmer("finnish")


def _stem(word):
    return _stemmer.stemWord(word)


def _term_matches(term, term_stem, word, word_stem):
    """Whether a query word matches a word of the text, allowing for Finnish inflection."""
    if term_stem == word_stem or (len(term) >= 4 and word.startswith(term)):
        return True
    shorter = min(len(term_stem), len(word_stem))
    common = next(
        (i for i, (a, b) in enumerate(zip(term_stem, word_stem, strict=False)) if a != b), shorter
    )
    # Consonant gradation defeats the stemmer (kokous → kokous, kokouksen → kokouks).
    return shorter >= 4 and common >= max(4, shorter - 1)


def _value(obj, path):
    value = obj
    for attr in path.split("__"):
        value = getattr(value, attr, None)
        if value is None:
            return ""
    return str(value)


def _search_python(source, query):
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
    results.sort(key=attrgetter("rank"), reverse=True)
    return results[:RESULTS_PER_SOURCE]


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


# Searches per client address and minute: far more than a person types, while a script that
# walks the index (each search a full-text query) is slowed to this pace.
SEARCH_LIMIT = 60
SEARCH_PERIOD = 60


@require_safe
def search_view(request):
    if "q" in request.GET and (
        wait := rate_limit_exceeded(request, "search", limit=SEARCH_LIMIT, period=SEARCH_PERIOD)
    ):
        response = render(request, "portal/search_limited.html", status=429)
        response["Retry-After"] = str(wait)
        return response
    query = clean_query(request.GET.get("q", ""))
    results = search(query)
    return render(
        request,
        "portal/search.html",
        {
            "query": query,
            "searched": "q" in request.GET,
            "results": results,
            "demo_content": any(r.is_demo for r in results),
        },
    )
