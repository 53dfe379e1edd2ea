"""
Site search (/haku/?q=): committees, ideas, meetings, community spaces and goals, grouped by
kind with a count of each and a filter by kind (``?tyyppi=``), in pages (``?sivu=``), each
result with the passage that matched, in the visitor's language.

On PostgreSQL the search is full-text with the ``finnish`` configuration (stemming, ranking
and highlighting in the database): each source's rows carry a stored ``search_vector`` with a
GIN index (kept by triggers, see the apps' migrations); all sources are matched and ranked
once, counted and paged in the same statement, and the passages are highlighted only for the
page of results shown.
Elsewhere (SQLite in development) the same sources are searched in Python with the Finnish
Snowball stemmer, so inflected words still match: "kulttuuri" finds "kulttuurin", "Valkealan"
finds "Valkeala".

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
from dataclasses import dataclass, field
from itertools import groupby

from django.conf import settings
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchRank,
    SearchVector,
)
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    CharField,
    Count,
    DateTimeField,
    F,
    IntegerField,
    Max,
    Min,
    Q,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Concat
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from kouvola_alue.abuse import search_limited
from kouvola_alue.cachescopes import versions
from kouvola_alue.fulltext import WORD, StoredVector, prefix_query, stem, term_matches
from kouvola_alue.registry import search_sources

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
PAGE_SIZE = 20
CACHE_SECONDS = 60
SNIPPET_WORDS = 30
WEIGHTS = {"A": 1.0, "B": 0.4, "C": 0.2, "D": 0.1}
# Markers the database puts around a match; the text is escaped before they become <mark>.
MARK_START, MARK_STOP = "\x02", "\x03"
MAX_PAGE = 10_000
ELLIPSIS = "…"


@dataclass
class SearchResult:
    kind: str
    label: str
    title: str
    url: str
    snippet: str
    rank: float
    is_demo: bool = False
    title_lang: str = ""
    """``"fi"`` for a Finnish title on the English site; empty when in the page's language."""
    snippet_lang: str = ""
    note: str = ""
    """For a series: how many, and the next or the latest."""
    series_size: int = 1


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


@dataclass(frozen=True)
class KindCount:
    kind: str
    label: str
    count: int


@dataclass
class ResultGroup:
    """The results of one kind on the page shown."""

    kind: str
    label: str
    count: int
    results: list


@dataclass
class ResultPage:
    """One page of results: what the template shows, and what the cache keeps."""

    results: list = field(default_factory=list)
    number: int = 1
    num_pages: int = 1
    count: int = 0
    """The results of the kind chosen (of every kind when none is)."""
    kinds: list = field(default_factory=list)
    """A ``KindCount`` of each kind that has results, and of the chosen one."""
    kind: str = ""
    page_range: list = field(default_factory=lambda: [1])
    asked_page: int = 1
    """The page asked for, which may be past the last."""

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_next(self):
        return self.number < self.num_pages

    @property
    def total(self):
        return sum(k.count for k in self.kinds)

    @property
    def kind_label(self):
        return next((k.label for k in self.kinds if k.kind == self.kind), "")

    @property
    def page_missing(self):
        return self.asked_page != self.number

    @property
    def groups(self):
        """The page's results by kind, the kind of the best result first (the list is ranked)."""
        counts = {k.kind: k for k in self.kinds}
        order = {}
        for result in self.results:
            order.setdefault(result.kind, len(order))
        ranked = sorted(self.results, key=lambda r: order[r.kind])
        groups = []
        for kind, results in groupby(ranked, key=lambda r: r.kind):
            results = list(results)
            # A row written between the count and the page is not in the counts.
            counted = counts.get(kind) or KindCount(kind, results[0].label, len(results))
            groups.append(ResultGroup(kind, counted.label, counted.count, results))
        return groups


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
    backend = _search_postgresql if connection.vendor == "postgresql" else _search_python
    seconds = min(CACHE_SECONDS, settings.CONTENT_CACHE_SECONDS)
    if seconds <= 0:
        return backend(search_sources(), query, page, kind)
    token = versions(*SEARCHED_SCOPES)
    key = f"search:{token}:{get_language()}:{kind}:{page}:{' '.join(query.terms)}"
    found = cache.get(key)
    if found is None:
        found = backend(search_sources(), query, page, kind)
        cache.set(key, found, seconds)
    return found


def _english():
    return (get_language() or "").startswith("en")


def _fields_by_language(source):
    """The source's Finnish fields, and the English versions of those that have one."""
    english_paths = set(source.translations.values())
    finnish = [path for path in source.fields if path not in english_paths]
    return finnish, [source.translations[path] for path in finnish if path in source.translations]


def _passage_language(source, obj):
    """
    The language of the texts the row's passage is taken from: Finnish on the Finnish site
    (never an English version); on the English site the English versions where the row has any.
    """
    _finnish, english = _fields_by_language(source)
    if _english() and any(_value(obj, path).strip() for path in english):
        return "en"
    return "fi"


def _marked_lang(language):
    """The ``lang`` a passage in ``language`` needs on this page: only Finnish on /en/."""
    return "fi" if language == "fi" and _english() else ""


def _title_lang(source, obj):
    """``"fi"`` when the English site shows this row's title in Finnish."""
    if not _english() or not source.title_field or not _value(obj, source.title_field):
        return ""
    english = source.translations.get(source.title_field)
    return "" if english and _value(obj, english) else "fi"


@dataclass(frozen=True)
class Hit:
    """One result before its row is read: a row, or a series of rows (``size`` > 1)."""

    kind: str
    pk: int
    rank: float
    size: int = 1
    next_at: object = None
    latest_at: object = None


def _paged(hits_count, page):
    """The page shown for the page asked (``None``: the first), and the list of pages."""
    paginator = Paginator(range(hits_count), PAGE_SIZE)
    shown = paginator.get_page(page or 1)
    pages = [
        n if isinstance(n, int) else ELLIPSIS
        for n in paginator.get_elided_page_range(shown.number, on_each_side=2, on_ends=1)
    ]
    return shown, pages


def _kinds(sources, counts, kind):
    return [
        KindCount(s.kind, str(s.label_plural or s.label), counts.get(s.kind, 0))
        for s in sources
        if counts.get(s.kind) or s.kind == kind
    ]


def _result(source, obj, hit, snippet, snippet_lang):
    series = source.series if hit.size > 1 else None
    return SearchResult(
        kind=source.kind,
        label=str(source.label),
        title=str(series.title(obj) if series else source.title(obj)),
        url=series.url(obj) if series else source.url(obj),
        snippet=snippet,
        rank=hit.rank,
        is_demo=bool(source.is_demo(obj)),
        title_lang=_title_lang(source, obj),
        snippet_lang=snippet_lang,
        note=str(series.describe(hit.size, hit.next_at, hit.latest_at)) if series else "",
        series_size=hit.size,
    )


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


HIT_COLUMNS = (
    "search_kind",
    "search_pk",
    "search_rank",
    "search_size",
    "search_next",
    "search_latest",
)


def _hits_postgresql(source, ts_query, now):
    """The source's hits as rows of ``HIT_COLUMNS``: a series of rows is one hit."""
    document = StoredVector() if source.stored_vector else _computed_vector(source)
    matches = (
        source.queryset()
        .order_by()
        .alias(search_document=document)
        .filter(search_document=ts_query)
    )
    kind = Value(source.kind, output_field=CharField())
    rank = SearchRank(document, ts_query)
    if source.series is None:
        # Typed: in a UNION of several sources a bare NULL would be taken for text.
        no_date = Cast(Value(None), DateTimeField())
        hits = matches.annotate(
            search_kind=kind,
            search_pk=F("pk"),
            search_rank=rank,
            search_size=Value(1, output_field=IntegerField()),
            search_next=no_date,
            search_latest=no_date,
        )
    else:
        date = source.series.date
        hits = matches.values(*source.series.key).annotate(
            search_kind=kind,
            search_pk=Min("pk"),
            search_rank=Max(rank),
            search_size=Count("pk"),
            search_next=Min(date, filter=Q(**{f"{date}__gte": now})),
            search_latest=Max(date),
        )
    return hits.values_list(*HIT_COLUMNS)


def _search_postgresql(sources, query, page, kind):
    ts_query = prefix_query(query.terms)
    now = timezone.now()
    hits = [_hits_postgresql(source, ts_query, now) for source in sources]
    combined = hits[0].union(*hits[1:], all=True)
    sql, params = combined.query.get_compiler(connection=connection).as_sql()
    # The page asked for is read with the counts; only a page past the end (which shows the
    # last one, as Paginator.get_page does) needs a second statement.
    guess = _page_number(page)
    counts, rows = _counted_page_postgresql(sql, params, kind, guess)
    shown, pages = _paged(counts.get(kind, 0) if kind else sum(counts.values()), page)
    if shown.number != guess:
        rows = _counted_page_postgresql(sql, params, kind, shown.number, count=False)[1]
    # The rows and their highlighted passages for this page only.
    found = {}
    for source in sources:
        keys = [hit.pk for hit in rows if hit.kind == source.kind]
        if keys:
            found.update(_page_rows_postgresql(source, keys, ts_query))
    results = []
    for hit in rows:
        if (hit.kind, hit.pk) in found:  # unless it was removed in between
            source, obj = found[hit.kind, hit.pk]
            language = _passage_language(source, obj)
            headline = obj.search_headline_en if language == "en" else obj.search_headline
            results.append(_result(source, obj, hit, _marked(headline), _marked_lang(language)))
    return ResultPage(
        results=results,
        number=shown.number,
        num_pages=shown.paginator.num_pages,
        count=shown.paginator.count,
        kinds=_kinds(sources, counts, kind),
        kind=kind,
        page_range=pages,
        asked_page=page or 1,
    )


def _page_number(page):
    """``page`` as the page number it names, 1 when it names none."""
    try:
        return min(max(1, int(page or 1)), MAX_PAGE)
    except (TypeError, ValueError):
        return 1


def _counted_page_postgresql(sql, params, kind, number, *, count=True):
    """
    Every kind's number of hits and the hits of page ``number`` (of ``kind`` or all, best
    first), in one statement: the hits (``sql``, every source's matches) are found and ranked
    once, in a materialised CTE, where counting and paging each used to do it again (issue 16).
    """
    page_of_kind = "WHERE search_kind = %s" if kind else ""
    columns = ", ".join(HIT_COLUMNS)
    counted = (
        "SELECT 'count' AS part, search_kind, NULL, NULL, COUNT(*), NULL, NULL "
        "FROM hits GROUP BY search_kind UNION ALL "
        if count
        else ""
    )
    statement = (
        f"WITH hits AS MATERIALIZED ({sql}) {counted}"
        f"(SELECT 'page' AS part, {columns} FROM hits {page_of_kind} "
        "ORDER BY search_rank DESC, search_kind, search_pk LIMIT %s OFFSET %s)"
    )
    arguments = [*params, *([kind] if kind else []), PAGE_SIZE, (number - 1) * PAGE_SIZE]
    with connection.cursor() as cursor:
        cursor.execute(statement, arguments)
        found = cursor.fetchall()
    counts = {row[1]: row[4] for row in found if row[0] == "count"}
    rows = [Hit(*row[1:]) for row in found if row[0] == "page"]
    # UNION ALL keeps each part's rows in their order, but say so rather than rely on it.
    rows.sort(key=lambda hit: (-hit.rank, hit.kind, hit.pk))
    return counts, rows


def _headline(paths, ts_query):
    return SearchHeadline(
        _text_of(paths),
        ts_query,
        config="finnish",
        start_sel=MARK_START,
        stop_sel=MARK_STOP,
        max_words=SNIPPET_WORDS,
        min_words=12,
        max_fragments=2,
        fragment_delimiter=" … ",
    )


def _page_rows_postgresql(source, keys, ts_query):
    """The rows ``keys`` of ``source`` with their passages: the English one on the English site."""
    finnish, english = _fields_by_language(source)
    headlines = {"search_headline": _headline(finnish, ts_query)}
    if _english() and english:
        headlines["search_headline_en"] = _headline(english, ts_query)
    objects = source.queryset().filter(pk__in=keys).annotate(**headlines)
    return {(source.kind, obj.pk): (source, obj) for obj in objects}


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


def _search_python(sources, query, page, kind=""):
    terms = [(term, _stem(term)) for term in query.terms]
    now = timezone.now()
    hits, objects = [], {}
    for source in sources:
        for hit, obj in _hits_python(source, terms, now):
            hits.append(hit)
            objects[hit.kind, hit.pk] = (source, obj)
    hits.sort(key=lambda h: (-h.rank, h.kind, h.pk))
    counts = {}
    for hit in hits:
        counts[hit.kind] = counts.get(hit.kind, 0) + 1
    chosen = [hit for hit in hits if hit.kind == kind] if kind else hits
    shown, pages = _paged(len(chosen), page)
    offset = (shown.number - 1) * PAGE_SIZE
    results = []
    # The passages for this page only.
    for hit in chosen[offset : offset + PAGE_SIZE]:
        source, obj = objects[hit.kind, hit.pk]
        language = _passage_language(source, obj)
        finnish, english = _fields_by_language(source)
        fields = english if language == "en" else finnish
        texts = [text for text in (_value(obj, path) for path in fields) if text]
        snippet = _snippet(" … ".join(texts), terms)
        results.append(_result(source, obj, hit, snippet, _marked_lang(language)))
    return ResultPage(
        results=results,
        number=shown.number,
        num_pages=shown.paginator.num_pages,
        count=shown.paginator.count,
        kinds=_kinds(sources, counts, kind),
        kind=kind,
        page_range=pages,
        asked_page=page or 1,
    )


def _rank_python(source, obj, terms):
    """
    Each word scores by the most important field it is found in, so a word repeated in long
    minutes does not outrank the name of a committee; 0 unless every word is found.
    """
    best = {}
    for path, weight in source.fields.items():
        for word in WORD.findall(_value(obj, path).lower()):
            word_stem = _stem(word)
            for term, term_stem in terms:
                if _term_matches(term, term_stem, word, word_stem):
                    best[term] = max(best.get(term, 0.0), WEIGHTS[weight])
    return sum(best.values()) / len(terms) if len(best) == len(terms) else 0.0


def _hits_python(source, terms, now):
    """``(Hit, row)`` of each of the source's hits; a series is one, shown by its first row."""
    matched = [
        (obj, rank) for obj in source.queryset() if (rank := _rank_python(source, obj, terms))
    ]
    if source.series is None:
        return [(Hit(source.kind, obj.pk, rank), obj) for obj, rank in matched]
    series = {}
    for obj, rank in matched:
        series.setdefault(tuple(getattr(obj, key) for key in source.series.key), []).append(
            (obj, rank)
        )
    hits = []
    for members in series.values():
        first = min((obj for obj, _rank in members), key=lambda obj: obj.pk)
        dates = [getattr(obj, source.series.date) for obj, _rank in members]
        hit = Hit(
            kind=source.kind,
            pk=first.pk,
            rank=max(rank for _obj, rank in members),
            size=len(members),
            next_at=min((d for d in dates if d >= now), default=None),
            latest_at=max(dates),
        )
        hits.append((hit, first))
    return hits


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


@require_safe
@search_limited
def search_view(request):
    query = clean_query(request.GET.get("q", ""))
    raw_kind = request.GET.get("tyyppi", "")
    kind = chosen_kind(raw_kind) or ""
    raw_page = request.GET.get("sivu")
    page = page_number(raw_page)
    found = search(query, page, kind)
    return render(
        request,
        "portal/search.html",
        {
            "query": query,
            "searched": "q" in request.GET,
            "results": found.results,
            "result_page": found,
            "unknown_kind": bool(raw_kind) and not kind,
            # The pages' links keep the kind chosen, and drop one that is none.
            "kind_param": kind or None,
            # A page asked for that is no page: the page shown says which it is instead.
            "page_missing": bool(query.terms)
            and bool(raw_page)
            and (page is None or found.page_missing),
            "demo_content": any(r.is_demo for r in found.results),
        },
    )
