"""
The search elsewhere (SQLite in development): the same sources read in Python and matched with
the Finnish Snowball stemmer, so inflected words still match ("kulttuuri" finds "kulttuurin",
"Valkealan" finds "Valkeala"), ranked by the most important field each word is found in.
"""

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from kouvola_alue.fulltext import WORD, stem, term_matches
from portal.search.results import (
    Hit,
    fields_by_language,
    marked_lang,
    paged,
    passage_language,
    result,
    result_page,
    value,
)

SNIPPET_WORDS = 30
WEIGHTS = {"A": 1.0, "B": 0.4, "C": 0.2, "D": 0.1}


def search(sources, query, page, kind, page_size):
    terms = [(term, stem(term)) for term in query.terms]
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
    shown, pages = paged(len(chosen), page, page_size)
    offset = (shown.number - 1) * page_size
    results = []
    # The passages for this page only.
    for hit in chosen[offset : offset + page_size]:
        source, obj = objects[hit.kind, hit.pk]
        language = passage_language(source, obj)
        finnish, english = fields_by_language(source)
        fields = english if language == "en" else finnish
        texts = [text for text in (value(obj, path) for path in fields) if text]
        snippet = snippet_of(" … ".join(texts), terms)
        results.append(result(source, obj, hit, snippet, marked_lang(language)))
    return result_page(results, sources, counts, kind, page, shown, pages)


def _rank_python(source, obj, terms):
    """
    Each word scores by the most important field it is found in, so a word repeated in long
    minutes does not outrank the name of a committee; 0 unless every word is found.
    """
    best = {}
    for path, weight in source.fields.items():
        for word in WORD.findall(value(obj, path).lower()):
            word_stem = stem(word)
            for term, term_stem in terms:
                if term_matches(term, term_stem, word, word_stem):
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


def snippet_of(text, terms):
    """About ``SNIPPET_WORDS`` words around the first match, the matches marked."""
    words = list(WORD.finditer(text))

    def matches(m):
        word = m.group().lower()
        word_stem = stem(word)
        return any(term_matches(t, s, word, word_stem) for t, s in terms)

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
