"""
Full-text matching that every app may use (the site search, the ideas' ``?q=``), the same on
both databases as far as they allow.

On PostgreSQL a searchable table carries a stored ``search_vector`` column with a GIN index,
kept by triggers (see the apps' migrations): ``StoredVector()`` reads it and
``prefix_query(terms)`` asks for every word as the beginning of a stem, with the ``finnish``
configuration, allowing for consonant gradation. Elsewhere (SQLite in development)
``text_matches`` does the same in Python with the Finnish Snowball stemmer, so "kulttuuri"
finds "kulttuurin", "Valkealan" finds "Valkeala" and "kokous" finds "kokouksen" on both.
"""

import re

import snowballstemmer
from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db.models import Expression

WORD = re.compile(r"[^\W_]+")
MAX_TERMS = 10
COLUMN = "search_vector"

_stemmer = snowballstemmer.stemmer("finnish")


def words(text, limit=MAX_TERMS):
    """The distinct lower-case words of ``text``, at most ``limit`` (``None``: all of them)."""
    terms = []
    for word in WORD.findall((text or "").lower()):
        if word not in terms:
            terms.append(word)
    return terms[:limit]


class StoredVector(Expression):
    """The row's stored ``search_vector`` column (PostgreSQL; not a model field)."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.{connection.ops.quote_name(COLUMN)}", []


class PrefixQuery(SearchQuery):
    """
    Every word must match, each as a prefix of its stem: "kulttuuri" also finds
    "kulttuuritalo". A word whose stem is long enough also matches with its stem's last letter
    changed, as ``term_matches`` allows: consonant gradation defeats the stemmer (kokous →
    kokous, kokouksen → kokouks), so "kokous" also asks for "kokou…" in the ``simple``
    configuration (the stem as it is). A stop word ("ja") asks for nothing, as in ``finnish``.
    The words are letters and digits only (``words``), so the syntax is safe.
    """

    def __init__(self, terms):
        self.terms = list(terms)
        super().__init__(
            " & ".join(f"{term}:*" for term in self.terms), search_type="raw", config="finnish"
        )

    def as_sql(self, compiler, connection, **extra_context):
        parts, params = [], []
        for term in self.terms:
            graded = stem(term)[:-1]
            if len(graded) >= 4:
                parts.append(
                    "(CASE WHEN numnode(to_tsquery('finnish', %s)) > 0"
                    " THEN to_tsquery('finnish', %s) || to_tsquery('simple', %s)"
                    " ELSE to_tsquery('finnish', %s) END)"
                )
                params += [f"{term}:*", f"{term}:*", f"{graded}:*", f"{term}:*"]
            else:
                parts.append("to_tsquery('finnish', %s)")
                params.append(f"{term}:*")
        return f"({' && '.join(parts)})", params


def prefix_query(terms):
    """The query of ``terms`` for a stored vector (``PrefixQuery``)."""
    return PrefixQuery(terms)


def stem(word):
    return _stemmer.stemWord(word)


def term_matches(term, term_stem, word, word_stem):
    """Whether a query word matches a word of the text, allowing for Finnish inflection."""
    if term_stem == word_stem or (len(term) >= 4 and word.startswith(term)):
        return True
    shorter = min(len(term_stem), len(word_stem))
    common = next(
        (i for i, (a, b) in enumerate(zip(term_stem, word_stem, strict=False)) if a != b), shorter
    )
    # Consonant gradation defeats the stemmer (kokous → kokous, kokouksen → kokouks).
    return shorter >= 4 and common >= max(4, shorter - 1)


def text_matches(text, terms):
    """Whether every word of ``terms`` is found in ``text`` (the Python path)."""
    stems = [(term, stem(term)) for term in terms]
    found = set()
    for word in WORD.findall(text.lower()):
        word_stem = stem(word)
        found.update(t for t, s in stems if t not in found and term_matches(t, s, word, word_stem))
        if len(found) == len(stems):
            return True
    return not stems
