"""
The demo's invitations (``seed_kouvola --demo``), from ``data/demo_invitations.yaml``: an
upcoming meeting with its agenda (the demo's items added to what the meetings' demo gave it),
its members invited, one member who cannot come and their
personal deputy invited in their place, all through the services the admin uses. Safe to run
again: a meeting that has invitations is left as it is.
"""

import unicodedata
from pathlib import Path

from django.conf import settings
from django.db import transaction

from committees import invitation_services, meeting_services
from committees.meeting_selectors import meeting_roster
from committees.models import Committee, Invitation, Meeting, Membership, Person
from kouvola_alue import dataload

DEMO_INVITATIONS = Path(__file__).resolve().parent / "data" / "demo_invitations.yaml"
KEYS = {"committee", "email_domain", "coming", "items", "before"}


def _ascii(name):
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()


def _demo_addresses(domain):
    """A fictional address for each demo person without one."""
    given = 0
    for person in Person.objects.filter(is_demo=True, email=""):
        person.email = (
            f"{_ascii(person.first_name)}.{_ascii(person.last_name)}.{person.pk}@{domain}"
        )
        person.save(update_fields=["email"])
        given += 1
    return given


def _add_items(meeting, rows, *, before):
    """
    The demo's items on ``meeting``'s agenda, each unless an item of its title is there: after
    the standard opening items (added if the agenda is empty) and before the item titled
    ``before`` when the agenda has one (the meetings' demo ends its agendas with it).
    """
    if not meeting.items.exists():
        meeting_services.agenda_add_standard_items(meeting=meeting)
    titles = set(meeting.items.values_list("title", flat=True))
    new = [
        meeting_services.agenda_item_create(meeting=meeting, **row)
        for row in rows
        if row["title"] not in titles
    ]
    items = [item for item in meeting.items.order_by("number") if item not in new]
    at = next((i for i, item in enumerate(items) if item.title == before), len(items))
    if new and at < len(items):
        meeting_services.agenda_reorder(meeting=meeting, items=items[:at] + new + items[at:])


@transaction.atomic
def seed_demo_invitations():
    demo = dataload.read(DEMO_INVITATIONS, keys=KEYS)
    counts = {"demo member addresses": _demo_addresses(demo["email_domain"]), "demo invitations": 0}
    committee = Committee.objects.filter(slug=demo["committee"]).first()
    meeting = (
        Meeting.objects.published().upcoming().filter(committee=committee, is_demo=True).first()
        if committee
        else None
    )
    if meeting is None or meeting.invitations.exists():
        return counts
    _add_items(meeting, demo["items"], before=demo["before"])
    new, _, _ = invitation_services.invitations_send(meeting=meeting, site_url=settings.SITE_URL)
    counts["demo invitations"] = len(new)
    invited = {i.membership_id: i for i in new}
    members = [m for m in meeting_roster(meeting) if m.pk in invited]
    with_deputy = set(
        meeting_roster(meeting)
        .filter(kind=Membership.Kind.DEPUTY, personal_deputy_of__isnull=False)
        .values_list("personal_deputy_of_id", flat=True)
    )
    declining = next((m for m in members if m.pk in with_deputy), None)
    if declining is not None:
        called = invitation_services.invitation_answer(
            invitation=invited[declining.pk],
            answer=Invitation.Answer.NOT_COMING,
            site_url=settings.SITE_URL,
        )
        counts["demo invitations"] += called is not None
    for member in [m for m in members if m != declining][: demo["coming"]]:
        invitation_services.invitation_answer(
            invitation=invited[member.pk],
            answer=Invitation.Answer.COMING,
            site_url=settings.SITE_URL,
        )
    return counts
