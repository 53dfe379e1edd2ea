"""
Published project ideas, their status history and the goals as open data (/avoin-data/):
registered from ``ProjectsConfig.ready``. Only published ideas, and of them only what their
public page shows: never the proposer's name or e-mail, the moderation note or who changed a
status.
"""

from collections import defaultdict

from django.contrib.postgres.aggregates import ArrayAgg
from django.db import connection
from django.db.models import Max, Value
from django.utils.translation import gettext_lazy as _

from kouvola_alue.registry import Dataset, Field, url_maker
from projects.models import Goal, ProjectIdea, StatusChange

IDEA_FIELDS = (
    "pk",
    "slug",
    "title",
    "title_en",
    "summary",
    "summary_en",
    "description",
    "description_en",
    "status",
    "year",
    "published_at",
    "is_demo",
)


def _idea_links(ideas):
    """Each idea's committee slugs (sorted) and goal slugs (by number), as {pk: (list, list)}."""
    if connection.vendor == "postgresql":
        rows = ideas.annotate(
            committee_slugs=ArrayAgg("committees__slug", distinct=True, default=Value([])),
            goal_slugs=ArrayAgg("goals__slug", distinct=True, default=Value([])),
        ).values_list("pk", "committee_slugs", "goal_slugs")
        # Two joins multiply the rows, hence DISTINCT, which cannot order by another column:
        # the thirteen goals' order is applied here.
        number = dict(Goal.objects.values_list("slug", "number"))
        return {pk: (sorted(c), sorted(g, key=number.get)) for pk, c, g in rows}
    # SQLite (development): the two link tables read once each.
    links = defaultdict(lambda: ([], []))
    through = ProjectIdea.committees.through.objects.filter(projectidea__in=ideas)
    for pk, slug in through.values_list("projectidea_id", "committee__slug"):
        links[pk][0].append(slug)
    through = ProjectIdea.goals.through.objects.filter(projectidea__in=ideas)
    for pk, slug in through.order_by("goal__number").values_list("projectidea_id", "goal__slug"):
        links[pk][1].append(slug)
    return defaultdict(lambda: ([], []), {pk: (sorted(c), g) for pk, (c, g) in links.items()})


def idea_rows(absolute):
    ideas = ProjectIdea.objects.published()
    links = _idea_links(ideas.order_by())
    idea_url = url_maker(absolute, "projects:detail", slug="sentinel-slug-x9")
    for idea in ideas.order_by("published_at", "pk").values(*IDEA_FIELDS).iterator(2000):
        committees, goals = links[idea["pk"]]
        yield {
            "slug": idea["slug"],
            "title": idea["title"],
            "title_en": idea["title_en"],
            "summary": idea["summary"],
            "summary_en": idea["summary_en"],
            # Stored sanitised (projects.html): the same light markup as on the idea's page.
            "description": idea["description"],
            "description_en": idea["description_en"],
            "committees": committees,
            "goals": goals,
            "status": idea["status"],
            "year": idea["year"],
            "published_at": idea["published_at"],
            "is_demo": idea["is_demo"],
            "url": idea_url(idea["slug"]),
        }


def status_history_rows(absolute):
    changes = (
        StatusChange.objects.filter(idea__moderation=ProjectIdea.Moderation.PUBLISHED)
        .select_related("idea")
        .order_by("idea__published_at", "idea__pk", "changed_on", "recorded_at", "pk")
    )
    for change in changes:
        yield {
            "idea": change.idea.slug,
            "status": change.status,
            "changed_on": change.changed_on,
            "note": change.note,
        }


def ideas_modified():
    return ProjectIdea.objects.published().aggregate(latest=Max("updated_at"))["latest"]


def status_history_modified():
    changes = StatusChange.objects.filter(idea__moderation=ProjectIdea.Moderation.PUBLISHED)
    return changes.aggregate(latest=Max("recorded_at"))["latest"]


IDEAS = Dataset(
    slug="hankeideat",
    title=_("Project ideas"),
    description=_(
        "The published development project ideas of the areas, oldest first. Proposals "
        "waiting for moderation and rejected ones are not included, nor are the proposers."
    ),
    order=45,
    rows=idea_rows,
    modified=ideas_modified,
    fields=[
        Field("slug", _("Stable identifier, also in the idea's web address.")),
        Field("title", _("Title in Finnish.")),
        Field("title_en", _("Title in English (may be empty).")),
        Field("summary", _("Summary in Finnish.")),
        Field("summary_en", _("Summary in English (may be empty).")),
        Field(
            "description",
            _(
                "Description as HTML with paragraphs, line breaks, bold, italics, lists and "
                "links only (may be empty)."
            ),
            "html",
        ),
        Field("description_en", _("Description in English, as above (may be empty)."), "html"),
        Field(
            "committees",
            _("The identifiers (slugs) of the committees whose areas the idea is for."),
            "list",
        ),
        Field(
            "goals",
            _("The identifiers (slugs) of the goals of area activity it serves."),
            "list",
        ),
        Field(
            "status",
            _("Current status: proposed, preparing, in_progress, carried_out or not_pursued."),
        ),
        Field("year", _("The year the idea was proposed."), "integer"),
        Field(
            "published_at",
            _("When it was published, ISO 8601 in Helsinki time with its offset."),
            "datetime",
        ),
        Field("is_demo", _("True for fictional demo content."), "boolean"),
        Field("url", _("The idea's page."), "url"),
    ],
)

STATUS_HISTORY = Dataset(
    slug="hankeideoiden-tilahistoria",
    title=_("Status history of project ideas"),
    description=_("Every dated status change of the published project ideas."),
    order=46,
    rows=status_history_rows,
    modified=status_history_modified,
    fields=[
        Field("idea", _("The idea's identifier (slug).")),
        Field(
            "status",
            _(
                "The status it changed to: proposed, preparing, in_progress, carried_out or "
                "not_pursued."
            ),
        ),
        Field("changed_on", _("Date of the change."), "date"),
        Field("note", _("The note shown on the idea's page (may be empty).")),
    ],
)


def goal_rows(absolute):
    for g in Goal.objects.order_by("number"):
        yield {
            "number": g.number,
            "slug": g.slug,
            "title": g.title,
            "title_en": g.title_en,
            "description": g.description,
        }


GOALS = Dataset(
    slug="tavoitteet",
    title=_("Goals of area activity"),
    description=_("The thirteen goals of area activity."),
    order=60,
    rows=goal_rows,
    fields=[
        Field("number", _("The goal's number."), "integer"),
        Field("slug", _("Stable identifier.")),
        Field("title", _("The goal in Finnish.")),
        Field("title_en", _("The goal in English (may be empty).")),
        Field("description", _("Description (may be empty).")),
    ],
)

DATASETS = [IDEAS, STATUS_HISTORY, GOALS]
