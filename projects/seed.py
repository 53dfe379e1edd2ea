"""
The thirteen goals of area activity (``data/goals.yaml``) and the fictional demo ideas
(``data/demo_ideas.yaml``), written through ``projects.services`` as a clerk's would be.
"""

from pathlib import Path

from django.db import transaction
from django.utils import timezone

from committees.models import Committee, Meeting
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


DEMO_IDEA_HANDLINGS = DATA / "demo_idea_handlings.yaml"


@transaction.atomic
def seed_demo_idea_handlings():
    """
    Link demo ideas to the demo meetings' items that handled them (after the demo meetings
    exist), with the status change a decision made. An idea already linked is left as it is.
    """
    demo = dataload.read(DEMO_IDEA_HANDLINGS, keys={"handlings"})
    linked = 0
    for row in demo["handlings"]:
        idea = ProjectIdea.objects.filter(slug=row["idea"], is_demo=True).first()
        held = Meeting.objects.filter(committee__slug=row["area"], is_demo=True).past()
        meetings = list(held.order_by("starts_at"))
        if idea is None or len(meetings) < row["meeting"]:
            continue
        item = meetings[row["meeting"] - 1].items.filter(title=row["item"]).first()
        if item is None or idea.agenda_items.filter(pk=item.pk).exists():
            continue
        if row.get("status"):
            services.idea_update(
                idea=idea,
                status=row["status"],
                status_changed_on=timezone.localtime(item.meeting.starts_at).date(),
                status_note=row.get("note", ""),
                status_note_en=row.get("note_en", ""),
                status_agenda_item=item,
            )
        else:
            services.idea_update(idea=idea, agenda_items=[*idea.agenda_items.all(), item])
        linked += 1
    return {"demo ideas linked to meeting items": linked}
