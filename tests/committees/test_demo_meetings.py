"""The demo's meetings as data: items, decisions, attendance, a quorum missed, linked ideas."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from committees.meeting_selectors import meeting_quorum
from committees.models import Meeting
from projects.models import ProjectIdea
from tests.support import visible_text

pytestmark = pytest.mark.django_db


def test_past_demo_meetings_have_items_decisions_attendance_and_one_lacks_a_quorum(demo):
    past = list(Meeting.objects.filter(is_demo=True).past())
    assert len(past) == 15
    verdicts = []
    for meeting in past:
        assert meeting.minutes_published
        assert meeting.items.count() == 8
        assert not meeting.items.filter(decision="").exists()
        quorum = meeting_quorum(meeting)
        verdicts.append((meeting.committee.slug, quorum.reached))
    assert [slug for slug, reached in verdicts if not reached] == ["valkeala"]


def test_upcoming_demo_meetings_have_their_agenda_without_decisions(demo):
    # The invitations' demo meeting also has that demo's two items, before "Muut asiat".
    invitation_items = ["Kylätapahtumien avustukset 2027", "Yhteisötilan talviaukiolo"]
    upcoming = Meeting.objects.filter(is_demo=True).upcoming()
    assert upcoming.filter(invitations__isnull=False).distinct().count() == 1
    for meeting in upcoming:
        assert not meeting.minutes_published
        titles = list(meeting.items.order_by("number").values_list("title", flat=True))
        extra = invitation_items if meeting.invitations.exists() else []
        assert len(titles) == 8 + len(extra)
        assert titles[-1] == "Muut asiat"
        assert titles[-1 - len(extra) : -1] == extra
        assert not set(invitation_items) & set(titles) - set(extra)
        assert not meeting.items.exclude(decision="").exists()
        assert not meeting.attendances.exists()


def test_a_resident_goes_from_an_idea_to_the_item_that_handled_it(client, demo):
    idea = ProjectIdea.objects.get(slug="valkealan-talviuinti")
    page = visible_text(client.get(idea.get_absolute_url()))
    match = re.search(r"Käsitelty: Valkealan aluetoimikunta (\d+\.\d+\.\d{4}) § 7", page)
    assert match
    assert "Aluetoimikunta kannattaa niitä" in page
    item = idea.agenda_items.get()
    meeting_page = visible_text(client.get(item.meeting.get_absolute_url()))
    assert "§ 7 Alueen hankeideat" in meeting_page
    assert "Päätösvaltainen:" in meeting_page
    assert "Sanna Salonen (demo)" in meeting_page
    # Seeding again links nothing twice.
    call_command("seed_kouvola", "--demo", stdout=StringIO())
    assert idea.agenda_items.count() == 1
    assert idea.status_changes.filter(agenda_item=item).count() == 1
