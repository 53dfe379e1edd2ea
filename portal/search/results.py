"""
What a search gives, whichever engine found it: a ``Hit`` (a row, or a series of rows, before
it is read), a ``SearchResult`` (what the page shows of it) and the ``ResultPage`` of them, and
the rules both engines share: which language a row's passage and title are in, how the hits are
paged and counted by kind.
"""

from dataclasses import dataclass, field
from itertools import groupby

from django.core.paginator import Paginator
from django.utils.translation import get_language

ELLIPSIS = "…"
# No list is that long: a larger ?sivu= is no page number.
MAX_PAGE = 10_000


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


def english():
    return (get_language() or "").startswith("en")


def fields_by_language(source):
    """The source's Finnish fields, and the English versions of those that have one."""
    english_paths = set(source.translations.values())
    finnish = [path for path in source.fields if path not in english_paths]
    return finnish, [source.translations[path] for path in finnish if path in source.translations]


def passage_language(source, obj):
    """
    The language of the texts the row's passage is taken from: Finnish on the Finnish site
    (never an English version); on the English site the English versions where the row has any.
    """
    _finnish, translations = fields_by_language(source)
    if english() and any(value(obj, path).strip() for path in translations):
        return "en"
    return "fi"


def marked_lang(language):
    """The ``lang`` a passage in ``language`` needs on this page: only Finnish on /en/."""
    return "fi" if language == "fi" and english() else ""


def title_lang(source, obj):
    """``"fi"`` when the English site shows this row's title in Finnish."""
    if not english() or not source.title_field or not value(obj, source.title_field):
        return ""
    translation = source.translations.get(source.title_field)
    return "" if translation and value(obj, translation) else "fi"


@dataclass(frozen=True)
class Hit:
    """One result before its row is read: a row, or a series of rows (``size`` > 1)."""

    kind: str
    pk: int
    rank: float
    size: int = 1
    next_at: object = None
    latest_at: object = None


def paged(hits_count, page, page_size):
    """The page shown for the page asked (``None``: the first), and the list of pages."""
    paginator = Paginator(range(hits_count), page_size)
    shown = paginator.get_page(page or 1)
    pages = [
        n if isinstance(n, int) else ELLIPSIS
        for n in paginator.get_elided_page_range(shown.number, on_each_side=2, on_ends=1)
    ]
    return shown, pages


def kinds(sources, counts, kind):
    return [
        KindCount(s.kind, str(s.label_plural or s.label), counts.get(s.kind, 0))
        for s in sources
        if counts.get(s.kind) or s.kind == kind
    ]


def result_page(results, sources, counts, kind, page, shown, pages):
    """
    The ``ResultPage`` of ``results``, page ``shown`` of ``pages`` (``paged()``'s) for the page
    asked (``None``: the first), with ``counts`` (kind → hits) of the kinds ``sources`` gives.
    """
    return ResultPage(
        results=results,
        number=shown.number,
        num_pages=shown.paginator.num_pages,
        count=shown.paginator.count,
        kinds=kinds(sources, counts, kind),
        kind=kind,
        page_range=pages,
        asked_page=page or 1,
    )


def result(source, obj, hit, snippet, snippet_lang):
    series = source.series if hit.size > 1 else None
    return SearchResult(
        kind=source.kind,
        label=str(source.label),
        title=str(series.title(obj) if series else source.title(obj)),
        url=series.url(obj) if series else source.url(obj),
        snippet=snippet,
        rank=hit.rank,
        is_demo=bool(source.is_demo(obj)),
        title_lang=title_lang(source, obj),
        snippet_lang=snippet_lang,
        note=str(series.describe(hit.size, hit.next_at, hit.latest_at)) if series else "",
        series_size=hit.size,
    )


def value(obj, path):
    value = obj
    for attr in path.split("__"):
        value = getattr(value, attr, None)
        if value is None:
            return ""
    return str(value)
