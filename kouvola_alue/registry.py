"""
The two registries the site layer reads and the domain apps fill: search sources and open
datasets. Each domain app registers its own from its ``AppConfig.ready()``, so the site layer
(``portal``) knows every kind of thing without the domain apps knowing the site layer::

    from kouvola_alue.registry import Dataset, Field, SearchSource, register

    register(SearchSource(kind="idea", label=_("Project idea"), order=20, ...))
    register(Dataset(slug="hankeideat", title=..., fields=[...], rows=idea_rows))

The search itself is ``portal.search``; the pages and files of open data are
``portal.opendata``.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class SearchSeries:
    """
    Hits of one source so alike that a list of them says nothing (the meetings of one committee
    under one title): the hits with equal ``key`` values are one result, which says how many
    there are and the next and the latest of them by ``date``.
    """

    key: tuple[str, ...]
    date: str
    title: Callable
    """The series' title from one of its rows."""
    url: Callable
    """Where the series leads, from one of its rows (e.g. the committee's list of meetings)."""
    describe: Callable
    """``describe(count, next, latest)``: the line under the title (next may be ``None``)."""


@dataclass(frozen=True)
class SearchSource:
    kind: str
    label: Promise | str
    queryset: Callable
    fields: dict[str, str]
    """Field paths (``committee__name`` follows a relation) and their weight A–D."""
    title: Callable
    url: Callable
    is_demo: Callable = field(default=lambda obj: getattr(obj, "is_demo", False))
    order: int = 100
    stored_vector: bool = False
    """On PostgreSQL the model's table has a ``search_vector`` column of ``fields``, kept by a
    trigger (see the app's migration), with a GIN index; otherwise the vector is computed."""
    label_plural: Promise | str = ""
    """The kind as the heading of its results and its choice in the type filter."""
    translations: dict[str, str] = field(default_factory=dict)
    """Finnish field path → its English version's path, both among ``fields``: the passage
    shown is taken from the fields in the visitor's language."""
    title_field: str = ""
    """The field ``title`` shows, so that a Finnish title on the English site is marked so."""
    series: SearchSeries | None = None


FIELD_TYPES = {"string", "integer", "boolean", "date", "datetime", "url", "html", "list"}
"""What a ``Field`` may be: ``list`` is a JSON array, one cell of text in CSV; ``url`` and
``html`` are text of that kind."""


@dataclass(frozen=True)
class Field:
    name: str
    description: Promise | str
    type: str = "string"

    def __post_init__(self):
        if self.type not in FIELD_TYPES:
            raise ValueError(f"{self.name}: unknown field type {self.type!r}")


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: Promise | str
    description: Promise | str
    fields: list[Field]
    rows: Callable[[Callable[[str], str]], Iterable[dict]]
    """Called with ``absolute(path)`` to make full addresses; yields one dict per record."""
    order: int = 100
    modified: Callable[[], datetime.datetime | None] | None = None
    """When the records last changed, if the app can tell cheaply (the catalogue's
    ``dct:modified``); ``None`` where it cannot."""

    @property
    def field_names(self):
        return [f.name for f in self.fields]


def url_maker(absolute, viewname, **sentinel):
    """
    ``absolute(reverse(viewname, kwargs={name: value}))`` for many values at the price of one
    ``reverse()``: the address is made once with a sentinel value (given as the only keyword,
    e.g. ``pk=987654321``) and the sentinel replaced in it for each row. Only for values that
    ``reverse()`` would put in the address as they are (numbers, ASCII slugs).
    """
    ((name, value),) = sentinel.items()
    head, found, tail = absolute(reverse(viewname, kwargs={name: value})).partition(str(value))
    if not found:
        raise ValueError(f"{viewname}: the sentinel {value!r} is not in the address.")
    return lambda v: f"{head}{v}{tail}"


_SOURCES: dict[str, SearchSource] = {}
_DATASETS: dict[str, Dataset] = {}


def register(*entries):
    """Add search sources and datasets; registering the same kind or slug again replaces it."""
    for entry in entries:
        if isinstance(entry, SearchSource):
            _SOURCES[entry.kind] = entry
        elif isinstance(entry, Dataset):
            _DATASETS[entry.slug] = entry
        else:
            raise TypeError(f"Not a SearchSource or Dataset: {entry!r}")


def search_sources():
    return sorted(_SOURCES.values(), key=lambda s: (s.order, s.kind))


def datasets():
    return sorted(_DATASETS.values(), key=lambda d: (d.order, d.slug))


def dataset(slug):
    """The dataset registered as ``slug``, or ``None``."""
    return _DATASETS.get(slug)
