"""
The thirteen goals of area activity (``data/goals.yaml``) and the fictional demo ideas
(``data/demo_ideas.yaml``), written through ``projects.services`` as a clerk's would be.
"""

from pathlib import Path

from django.db import transaction

from committees.models import Committee
from kouvola_alue import dataload
from projects import services
from projects.models import Goal, ProjectIdea

DATA = Path(__file__).resolve().parent / "data"
GOALS = DATA / "goals.yaml"
DEMO_IDEAS = DATA / "demo_ideas.yaml"


def seed_facts():
    """The goals of the source page. Returns counts of rows created (existing ones are kept)."""
    return dataload.load(GOALS)


@transaction.atomic
def seed_demo_ideas():
    """Fictional published ideas over the five areas and one proposal waiting in the queue."""
    demo = dataload.read(DEMO_IDEAS, keys={"description", "description_en", "ideas", "pending"})
    committees = {c.slug: c for c in Committee.objects.all()}
    goals = {g.slug: g for g in Goal.objects.all()}
    created = 0
    for row in demo["ideas"]:
        idea = dict(row)
        areas, goal_slugs, history = idea.pop("areas"), idea.pop("goals"), idea.pop("history")
        if ProjectIdea.objects.filter(slug=idea["slug"]).exists() or not all(
            area in committees for area in areas
        ):
            continue
        first, *later = history
        idea = services.idea_create(
            **idea,
            description=demo["description"],
            description_en=demo["description_en"],
            committees=[committees[area] for area in areas],
            goals=[goals[slug] for slug in goal_slugs if slug in goals],
            status=first["status"],
            status_changed_on=first["date"],
            is_demo=True,
            publish=True,
        )
        for change in later:
            services.idea_change_status(
                idea=idea,
                status=change["status"],
                changed_on=change["date"],
                note=change.get("note", ""),
                note_en=change.get("note_en", ""),
            )
        created += 1
    pending = dict(demo["pending"])
    areas, goal_slugs = pending.pop("areas"), pending.pop("goals")
    if not ProjectIdea.objects.filter(slug=pending["slug"]).exists():
        services.idea_create(
            **pending,
            committees=[committees[area] for area in areas if area in committees],
            goals=[goals[slug] for slug in goal_slugs if slug in goals],
            is_demo=True,
        )
        created += 1
    return {"demo project ideas": created}
