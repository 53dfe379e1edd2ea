"""
Fictional meetings and community spaces for trying the portal out (``seed_kouvola --demo``),
from ``data/demo_meetings.yaml``: in each area a community space, three past meetings with
minutes (the oldest as the committed ``data/demo_minutes.pdf``) and two upcoming ones, all
marked as demo content. Safe to run again: an area that already has demo meetings is left as
it is.
"""

import datetime
import zoneinfo
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from committees.models import Committee, CommunitySpace, Meeting
from kouvola_alue import dataload

DATA = Path(__file__).resolve().parent / "data"
DEMO_MEETINGS = DATA / "demo_meetings.yaml"
DEMO_MEETINGS_KEYS = {
    "past_days",
    "upcoming_days",
    "minutes_pdf",
    "online_url",
    "agenda",
    "agenda_en",
    "minutes",
    "minutes_en",
    "space",
    "addresses",
    "default_address",
}


def _genitive(area):
    """Good enough for the demo's area names: Valkeala → Valkealan, Koria → Korian."""
    if area.endswith("koski"):
        return area[:-5] + "kosken"
    if area.endswith("alue"):
        return area + "en"
    return area + "n"


def _space(committee, demo):
    space_texts = {**demo["space"]}
    name = space_texts.pop("name").format(area=committee.area_name)
    space_texts["name_en"] = space_texts["name_en"].format(
        area=committee.area_name_en or committee.area_name
    )
    space, _ = CommunitySpace.objects.get_or_create(
        committee=committee,
        name=name,
        defaults={
            "address": demo["addresses"].get(committee.slug, demo["default_address"]),
            **space_texts,
            "is_demo": True,
        },
    )
    return space


def _weekday(day):
    """Committees meet on weekday evenings: a weekend day moves to the Monday after."""
    return day + datetime.timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)


def _at(day, hour, minute=0):
    helsinki = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=helsinki)


@transaction.atomic
def seed_demo_meetings():
    demo = dataload.read(DEMO_MEETINGS, keys=DEMO_MEETINGS_KEYS)
    minutes_pdf = (DATA / demo["minutes_pdf"]).read_bytes()
    today = timezone.localdate()
    counts = {"demo spaces": 0, "demo meetings": 0}
    for index, committee in enumerate(Committee.objects.order_by("order")):
        had_space = CommunitySpace.objects.filter(committee=committee, is_demo=True).exists()
        space = _space(committee, demo)
        counts["demo spaces"] += not had_space
        if Meeting.objects.filter(committee=committee, is_demo=True).exists():
            continue
        area = committee.area_name
        for number, offset in enumerate(demo["past_days"] + demo["upcoming_days"], start=1):
            day = _weekday(today + datetime.timedelta(days=offset + index))
            past = day < today
            meeting = Meeting(
                committee=committee,
                starts_at=_at(day, 17 + index % 2, 0 if index % 3 else 30),
                ends_at=_at(day, 19 + index % 2, 0 if index % 3 else 30),
                space=space,
                online_url=demo["online_url"] if number == len(demo["past_days"]) + 1 else "",
                agenda=demo["agenda"],
                agenda_en=demo["agenda_en"],
                minutes=(
                    demo["minutes"].format(
                        present=6 + number,
                        area_genitive=_genitive(area),
                        euros=500 * number,
                    )
                    if past and number != 1
                    else ""
                ),
                minutes_en=(
                    demo["minutes_en"].format(
                        present=6 + number,
                        area=committee.area_name_en or area,
                        euros=500 * number,
                    )
                    if past and number != 1
                    else ""
                ),
                is_published=True,
                is_demo=True,
            )
            if past and number == 1:
                meeting.minutes_pdf.save("poytakirja.pdf", ContentFile(minutes_pdf), save=False)
            meeting.full_clean()
            meeting.save()
            counts["demo meetings"] += 1
    return counts
