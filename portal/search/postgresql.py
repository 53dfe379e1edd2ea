"""
The search on PostgreSQL: full text with the ``finnish`` configuration. Each source's rows carry
a stored ``search_vector`` with a GIN index (kept by triggers, see the apps' migrations); every
source's hits are matched and ranked once, counted and paged in the same statement, and the
passages are highlighted in the database only for the page of results shown.
"""

from django.contrib.postgres.search import SearchHeadline, SearchRank, SearchVector
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
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from kouvola_alue.fulltext import StoredVector, prefix_query
from portal.search.results import (
    Hit,
    english,
    fields_by_language,
    marked_lang,
    paged,
    passage_language,
    result,
    result_page,
)

SNIPPET_WORDS = 30
# Markers the database puts around a match; the text is escaped before they become <mark>.
MARK_START, MARK_STOP = "\x02", "\x03"


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


def hits_of(source, ts_query, now):
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


def search(sources, query, page, kind, page_size):
    ts_query = prefix_query(query.terms)
    now = timezone.now()
    hits = [hits_of(source, ts_query, now) for source in sources]
    combined = hits[0].union(*hits[1:], all=True)
    sql, params = combined.query.get_compiler(connection=connection).as_sql()
    # The page asked for is read with the counts; only a page past the end (which shows the
    # last one, as Paginator.get_page does) needs a second statement.
    guess = page or 1  # a number page_number() gave, or None for the first page
    counts, rows = _counted_page(sql, params, kind, guess, page_size)
    shown, pages = paged(counts.get(kind, 0) if kind else sum(counts.values()), page, page_size)
    if shown.number != guess:
        rows = _counted_page(sql, params, kind, shown.number, page_size, count=False)[1]
    # The rows and their highlighted passages for this page only.
    found = {}
    for source in sources:
        keys = [hit.pk for hit in rows if hit.kind == source.kind]
        if keys:
            found.update(page_rows(source, keys, ts_query))
    results = []
    for hit in rows:
        if (hit.kind, hit.pk) in found:  # unless it was removed in between
            source, obj = found[hit.kind, hit.pk]
            language = passage_language(source, obj)
            headline = obj.search_headline_en if language == "en" else obj.search_headline
            results.append(result(source, obj, hit, _marked(headline), marked_lang(language)))
    return result_page(results, sources, counts, kind, page, shown, pages)


def _counted_page(sql, params, kind, number, page_size, *, count=True):
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
    arguments = [*params, *([kind] if kind else []), page_size, (number - 1) * page_size]
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


def page_rows(source, keys, ts_query):
    """The rows ``keys`` of ``source`` with their passages: the English one on the English site."""
    finnish, english_fields = fields_by_language(source)
    headlines = {"search_headline": _headline(finnish, ts_query)}
    if english() and english_fields:
        headlines["search_headline_en"] = _headline(english_fields, ts_query)
    objects = source.queryset().filter(pk__in=keys).annotate(**headlines)
    return {(source.kind, obj.pk): (source, obj) for obj in objects}


def _marked(headline):
    html = escape(headline or "")
    return mark_safe(html.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>"))
