"""
Fictional meetings and community spaces for trying the portal out (``seed_kouvola --demo``),
from ``data/demo_meetings.yaml``: in each area a community space, three past meetings with
their items, decisions, attendance and checked minutes (the oldest also as the committed
``data/demo_minutes.pdf``; one meeting without a quorum) and two upcoming ones with their
agenda, all marked as demo content and written through the meeting services. Safe to run
again: an area that already has demo meetings is left as it is.
"""

import datetime
import zoneinfo
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from committees import meeting_services
from committees.meeting_selectors import meeting_roster
from committees.models import Attendance, Committee, CommunitySpace, Meeting, Membership
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
    "items",
    "standard_decisions",
    "postponed",
    "no_quorum",
    "others",
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
                is_published=True,
                is_demo=True,
            )
            if past and number == 1:
                meeting.minutes_pdf.save("poytakirja.pdf", ContentFile(minutes_pdf), save=False)
            meeting.full_clean()
            meeting.save()
            counts["demo meetings"] += 1
            lacks_quorum = (committee.slug, number) == (
                demo["no_quorum"]["area"],
                demo["no_quorum"]["meeting"],
            )
            _agenda(meeting, demo, number=number, held=past, lacks_quorum=lacks_quorum)
    return counts


def _agenda(meeting, demo, *, number, held, lacks_quorum):
    """The meeting's items; for a held one also its decisions, attendance and minutes."""
    committee = meeting.committee
    values = {
        "area_genitive": _genitive(committee.area_name),
        "area": committee.area_name_en or committee.area_name,
        "euros": 500 * number,
    }
    meeting_services.agenda_add_standard_items(meeting=meeting)
    for row in demo["items"]:
        texts = {key: row[key].format(**values) for key in ("title", "title_en")}
        texts |= {key: row[key].format(**values) for key in ("proposal", "proposal_en")}
        item = meeting_services.agenda_item_create(meeting=meeting, **texts)
        if held:
            decision, decision_en = (
                demo["postponed"] if lacks_quorum else (row["decision"], row["decision_en"])
            )
            meeting_services.agenda_item_update(
                item=item, decision=decision.format(**values), decision_en=decision_en
            )
    if not held:
        return
    decisions = dict(demo["standard_decisions"])
    if lacks_quorum:
        decisions["quorum"] = decisions["quorum_lacking"]
    for item in meeting.items.exclude(standard=""):
        decision, decision_en = decisions[item.standard]
        meeting_services.agenda_item_update(item=item, decision=decision, decision_en=decision_en)
    _attendance(meeting, number=number, lacks_quorum=lacks_quorum)
    for other in demo["others"]:
        meeting_services.other_attendee_add(meeting=meeting, **other)
    meeting_services.meeting_publish_minutes(meeting=meeting)


def _attendance(meeting, *, number, lacks_quorum):
    """
    Who was there, varied by the meeting's number: one member absent with their personal
    deputy substituting, one member remotely, the rest present; the meeting without a quorum
    has most members away and no substitutes.
    """
    roster = list(meeting_roster(meeting))
    members = [m for m in roster if m.kind == Membership.Kind.MEMBER]
    if not members:
        return
    deputies = {m.personal_deputy_of_id: m for m in roster if m.personal_deputy_of_id}
    rows = {m.pk: Attendance(membership=m, status=Attendance.Status.ABSENT) for m in roster}
    if lacks_quorum:
        present = members[: len(members) // 2]
    else:
        away = members[number % len(members)]
        present = [m for m in members if m != away]
        substitute = deputies.get(away.pk)
        if substitute is not None:
            rows[substitute.pk].status = Attendance.Status.SUBSTITUTING
            rows[substitute.pk].substitutes_for = away
    for index, member in enumerate(present):
        remote = index == (number + 1) % len(members) and not lacks_quorum
        rows[member.pk].status = Attendance.Status.REMOTE if remote else Attendance.Status.PRESENT
    meeting_services.attendance_save(meeting=meeting, attendances=list(rows.values()))
