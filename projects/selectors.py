"""Reads of project ideas for the public pages. Only published ideas ever leave here."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import CharField, Count, F, Value
from django.db.models.functions import Cast
from django.shortcuts import get_object_or_404

from committees.models import Committee
from projects.models import Goal, ProjectIdea

PAGE_SIZE = 10
TEXT_MAX = 200
YEAR_RANGE = range(1990, 2101)


@dataclass
class IdeaFilter:
    """
    The filters of /hankkeet/, read from plain GET parameters so a filtered list can be
    linked and bookmarked: ``alue`` (repeatable: ideas of any of the areas), ``tavoite``,
    ``tila``, ``vuosi`` and ``q``. Values that match nothing known are dropped, never an error.
    """

    areas: list = field(default_factory=list)
    goal: str = ""
    status: str = ""
    year: int | None = None
    text: str = ""
    _matches: object = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def from_query(cls, params, *, area_slugs, goal_slugs):
        areas = []
        for slug in params.getlist("alue"):
            if slug in area_slugs and slug not in areas:
                areas.append(slug)
        goal = params.get("tavoite", "")
        status = params.get("tila", "")
        try:
            year = int(params.get("vuosi", ""))
        except ValueError:
            year = None
        return cls(
            areas=areas,
            goal=goal if goal in goal_slugs else "",
            status=status if status in ProjectIdea.Status.values else "",
            year=year if year in YEAR_RANGE else None,
            # PostgreSQL refuses NUL characters in text; nobody types them.
            text=" ".join(params.get("q", "").replace("\x00", "").split())[:TEXT_MAX],
        )

    @property
    def is_active(self):
        return bool(self.areas or self.goal or self.status or self.year or self.text)

    def apply(self, queryset, *, without=None):
        """``queryset`` filtered by everything but ``without`` (for that facet's counts)."""
        if self.areas and without != "areas":
            queryset = queryset.in_areas(self.areas)
        if self.goal and without != "goal":
            queryset = queryset.serving([self.goal])
        if self.status and without != "status":
            queryset = queryset.filter(status=self.status)
        if self.year and without != "year":
            queryset = queryset.filter(year=self.year)
        if self.text:
            queryset = queryset.filter(pk__in=self._text_matches())
        return queryset

    def _text_matches(self):
        # Made once: the list and its four counts all use it (on SQLite it reads the texts).
        if self._matches is None:
            self._matches = ProjectIdea.objects.matching(self.text).values("pk")
        return self._matches

    def params(self):
        pairs = [("alue", slug) for slug in self.areas]
        for name, value in (
            ("tavoite", self.goal),
            ("tila", self.status),
            ("vuosi", self.year),
            ("q", self.text),
        ):
            if value:
                pairs.append((name, value))
        return pairs

    def querystring(self, page=None):
        """The filters as a query string, for links to other pages of the same list."""
        pairs = self.params() + ([("page", page)] if page else [])
        return urlencode(pairs)


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class IdeaListing:
    filter: IdeaFilter
    page: object
    areas: list
    goals: list
    statuses: list
    years: list

    @property
    def total(self):
        return self.page.paginator.count

    @property
    def previous_query(self):
        """``?…`` for the previous page with the same filters, or empty on the first page."""
        if not self.page.has_previous():
            return ""
        return "?" + self.filter.querystring(page=self.page.previous_page_number())

    @property
    def next_query(self):
        if not self.page.has_next():
            return ""
        return "?" + self.filter.querystring(page=self.page.next_page_number())

    @property
    def has_demo(self):
        return any(idea.is_demo for idea in self.page)


def _facet_counts(chosen, published):
    """
    How many ideas each option of each filter would show with the other filters: the four
    counts of ``chosen.apply(published, without=…)`` grouped by their option, in one query.
    The filters are ``EXISTS`` conditions, never joins, so each idea stands once per option
    (its areas and goals are unique pairs) and a plain count is right: counting distinct ideas
    made PostgreSQL sort every pair (×1000: 29,000 rows a facet, 44 ms against 14).
    """
    columns = {
        "areas": F("committees__slug"),
        "goal": F("goals__slug"),
        "status": F("status"),
        "year": Cast("year", CharField()),
    }
    parts = [
        chosen.apply(published, without=facet)
        .order_by()
        .annotate(facet=Value(facet, output_field=CharField()), option=column)
        .values("facet", "option")
        .annotate(n=Count("pk"))
        .values_list("facet", "option", "n")
        for facet, column in columns.items()
    ]
    counts = {facet: {} for facet in columns}
    for facet, option, n in parts[0].union(*parts[1:], all=True):
        if option is not None:
            counts[facet][option] = n
    counts["year"] = {int(year): n for year, n in counts["year"].items()}
    return counts


def idea_listing(params):
    """One page of published ideas for ``params`` (a QueryDict) with counts for each option."""
    committees = list(Committee.objects.order_by("order", "name"))
    goals = list(Goal.objects.order_by("number"))
    chosen = IdeaFilter.from_query(
        params, area_slugs={c.slug for c in committees}, goal_slugs={g.slug for g in goals}
    )
    published = ProjectIdea.objects.published()
    ideas = chosen.apply(published).latest_first().for_listing()
    # get_page() turns page=abc into the first page and page=9999 into the last.
    page = Paginator(ideas, PAGE_SIZE).get_page(params.get("page"))

    counts = _facet_counts(chosen, published)
    area_counts, goal_counts = counts["areas"], counts["goal"]
    status_counts, year_counts = counts["status"], counts["year"]
    years = sorted(set(year_counts) | ({chosen.year} if chosen.year else set()), reverse=True)
    return IdeaListing(
        filter=chosen,
        page=page,
        areas=[
            Option(c.slug, c.display_area_name, area_counts.get(c.slug, 0), c.slug in chosen.areas)
            for c in committees
        ],
        goals=[
            Option(g.slug, g.display_title, goal_counts.get(g.slug, 0), g.slug == chosen.goal)
            for g in goals
        ],
        statuses=[
            Option(value, label, status_counts.get(value, 0), value == chosen.status)
            for value, label in ProjectIdea.Status.choices
        ],
        years=[Option(str(y), str(y), year_counts.get(y, 0), y == chosen.year) for y in years],
    )


def published_idea(slug):
    """
    The published idea at ``slug``, or 404, with its areas (the page's JSON-LD names them
    even when the kept fragment is there). Its goals and history are read by the page only
    when its kept fragment is not there (one query each, however many there are).
    """
    return get_object_or_404(
        ProjectIdea.objects.published().prefetch_related("committees"), slug=slug
    )


def latest_ideas(limit=5):
    return list(ProjectIdea.objects.published().latest_first().for_listing()[:limit])


def ideas_of_committee(committee, limit=10):
    """The committee's latest published ideas; the page links to the rest."""
    ideas = ProjectIdea.objects.published().in_areas([committee])
    return list(ideas.latest_first().for_listing()[:limit])


def ideas_serving(goal, limit=20):
    """The latest published ideas that serve ``goal``, and how many there are in all."""
    ideas = ProjectIdea.objects.published().serving([goal])
    return list(ideas.latest_first().for_listing()[:limit]), ideas.count()


def goals_with_idea_counts():
    """
    The goals in order, each with ``idea_count`` (the published ideas serving it) and
    ``status_counts`` (those ideas per status, a dict): only counts, from one grouped query.
    An idea serving several goals counts under each.
    """
    rows = (
        ProjectIdea.objects.published()
        .filter(goals__isnull=False)
        .order_by()
        .values_list("goals__slug", "status")
        .annotate(n=Count("pk"))
    )
    by_goal = {}
    for slug, status, n in rows:
        by_goal.setdefault(slug, {})[status] = n
    goals = list(Goal.objects.order_by("number"))
    for goal in goals:
        goal.status_counts = by_goal.get(goal.slug, {})
        # An idea has one status, so its goal's count is the sum over the statuses.
        goal.idea_count = sum(goal.status_counts.values())
    return goals
