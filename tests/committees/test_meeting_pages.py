"""What a resident reads of a meeting: its items, decisions, attendance and quorum."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from committees.meeting_services import (
    agenda_add_standard_items,
    agenda_item_create,
    agenda_item_update,
    attachments_save,
    attendance_record,
    meeting_publish_minutes,
    other_attendee_add,
)
from committees.models import AgendaItemAttachment, Membership
from tests.committees.factories import PDF_BYTES, past, upcoming
from tests.factories import roster
from tests.support import QUERY_BUDGETS, html_of, visible_text

pytestmark = pytest.mark.django_db


def page_html(response):
    """The page's HTML as one line (tests/support.py's html_of), the page found."""
    assert response.status_code == 200
    return html_of(response)


def held_meeting(committee, term, *, present=5, items=2):
    """A held meeting of a 7-member committee with ``present`` members, its minutes checked."""
    members, deputies = roster(committee, term, members=7, deputies=2)
    meeting = past(committee=committee)
    agenda_add_standard_items(meeting=meeting)
    for n in range(items):
        item = agenda_item_create(
            meeting=meeting,
            title=f"Kylätalon katto {n}",
            proposal="Esitetään avustusta katon korjaukseen.",
        )
        agenda_item_update(item=item, decision=f"Myönnettiin 500 euroa {n}.")
    for member in members[2 : 2 + present]:
        attendance_record(meeting=meeting, membership=member, status="present")
    attendance_record(meeting=meeting, membership=members[0], status="absent")
    attendance_record(meeting=meeting, membership=deputies[1], status="substituting")
    other_attendee_add(meeting=meeting, name="Sari Sihteeri", role="sihteeri", role_en="secretary")
    return meeting, members, deputies


def test_the_meeting_page_lists_items_decisions_attendance_and_quorum(client, committee, term):
    meeting, members, deputies = held_meeting(committee, term, present=3)
    page = visible_text(client.get(meeting.get_absolute_url()))
    # Before the minutes are checked: the agenda with proposals, no decisions, no attendance.
    assert "§ 5 Kylätalon katto 0" in page
    assert "Esitetään avustusta katon korjaukseen." in page
    assert "Myönnettiin 500 euroa" not in page
    assert str(members[2].person) not in page
    meeting_publish_minutes(meeting=meeting)
    page = page_html(client.get(meeting.get_absolute_url()))
    assert "Asiat ja päätökset" in page
    assert "Myönnettiin 500 euroa 0." in page
    assert 'id="pykala-2"' in page
    assert f"{deputies[1].person} (jäsenen {members[1].person} sijaisena)" in page
    assert str(members[2].person) in page
    assert "Sari Sihteeri, sihteeri" in page
    # 3 present and 1 substitute = 4 of 7: more than half.
    statement = "Päätösvaltainen: 4/7 jäsentä tai heidän varajäsentään läsnä (tarvitaan 4)."
    assert page.count(statement) == 2  # in the attendance and in § 2
    section_2 = page.split('id="pykala-2"')[1].split('id="pykala-3"')[0]
    assert statement in section_2


def test_a_meeting_without_a_quorum_says_so(client, committee, term):
    meeting, *_ = held_meeting(committee, term, present=2)
    meeting_publish_minutes(meeting=meeting)
    page = page_html(client.get(meeting.get_absolute_url()))
    assert "Ei päätösvaltainen: 3/7 jäsentä tai heidän varajäsentään läsnä (tarvitaan 4)." in page


def test_the_agenda_is_a_page_before_the_meeting(client, committee):
    meeting = upcoming(committee=committee)
    agenda_add_standard_items(meeting=meeting)
    agenda_item_create(meeting=meeting, title="Talousarvio", proposal="Hyväksytään.")
    page = visible_text(client.get(reverse("meetings:agenda", kwargs={"pk": meeting.pk})))
    assert "Esityslista: Alue" in page
    assert "§ 5 Talousarvio" in page
    assert "Allekirjoitukset" not in page
    # The minutes page is not there until the minutes are checked.
    minutes = reverse("meetings:minutes", kwargs={"pk": meeting.pk})
    assert client.get(minutes).status_code == 404


def test_the_minutes_page_is_printed_for_signing(client, committee, term):
    meeting, members, _ = held_meeting(committee, term)
    meeting_publish_minutes(meeting=meeting)
    page = page_html(client.get(reverse("meetings:minutes", kwargs={"pk": meeting.pk})))
    assert "<h1>Pöytäkirja:" in page
    assert "Myönnettiin 500 euroa 1." in page
    assert "Allekirjoitukset" in page and "Pöytäkirjantarkastaja" in page
    assert str(members[3].person) in page
    assert "css/meetings.css" in page


def test_an_unpublished_meeting_shows_nothing(client, committee):
    meeting = past(committee=committee, is_published=False)
    agenda_item_create(meeting=meeting, title="Salainen")
    for name in ("detail", "agenda", "minutes"):
        assert client.get(reverse(f"meetings:{name}", kwargs={"pk": meeting.pk})).status_code == 404


def test_english_pages_show_english_texts_or_the_finnish_marked(client, committee, term):
    meeting, *_ = held_meeting(committee, term, items=1)
    item = meeting.items.get(number=5)
    agenda_item_update(item=item, title_en="The village hall roof")
    meeting_publish_minutes(meeting=meeting)
    with translation.override("en"):
        url = meeting.get_absolute_url()
    page = page_html(client.get(url))
    assert "§ 5 The village hall roof" in visible_text(client.get(url))
    assert "Opening of the meeting" in page  # the standard items carry their English
    assert '<div lang="fi"><p>Myönnettiin 500 euroa 0.</p></div>' in page
    assert "Sari Sihteeri, secretary" in page


@pytest.mark.parametrize(
    ("name", "budget"),
    [("detail", "meeting"), ("agenda", "meeting_agenda"), ("minutes", "meeting_minutes")],
)
def test_the_meeting_pages_keep_their_query_budget(
    client, committee, term, django_assert_max_num_queries, name, budget
):
    meeting, *_ = held_meeting(committee, term, items=2)
    meeting_publish_minutes(meeting=meeting)
    url = reverse(f"meetings:{name}", kwargs={"pk": meeting.pk})
    with django_assert_max_num_queries(QUERY_BUDGETS[budget]):
        client.get(url)
    # Many more items, people and attachments: still the same budget.
    members, _deputies = roster(committee, term, members=4, deputies=4, chair=False)
    for n in range(20):
        item = agenda_item_create(meeting=meeting, title=f"Lisäasia {n}")
        attachment = AgendaItemAttachment(
            title=f"Liite {n}", document=SimpleUploadedFile(f"liite{n}.pdf", PDF_BYTES)
        )
        attachments_save(item=item, attachments=[attachment])
    for membership in Membership.objects.filter(pk__in=[m.pk for m in members]):
        attendance_record(meeting=meeting, membership=membership, status="remote")
    with django_assert_max_num_queries(QUERY_BUDGETS[budget]):
        page = page_html(client.get(url))
    assert "Lisäasia 19" in page
    assert "Liite 19 (PDF)" in page


def test_an_attachment_is_a_sandboxed_download_of_a_published_meeting(client, committee):
    meeting = upcoming(committee=committee)
    item = agenda_item_create(meeting=meeting, title="Avustus")
    (attachment,) = attachments_save(
        item=item,
        attachments=[
            AgendaItemAttachment(
                title="Hakemus", document=SimpleUploadedFile("hakemus.pdf", PDF_BYTES)
            )
        ],
    )
    page = page_html(client.get(meeting.get_absolute_url()))
    assert f'href="{attachment.get_absolute_url()}"' in page
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "sandbox"
    assert b"".join(response.streaming_content) == PDF_BYTES
    meeting.is_published = False
    meeting.save()
    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_the_roster_shows_each_members_attendance_record(client, committee, term):
    meeting, members, _deputies = held_meeting(committee, term, present=3)
    url = reverse("committees:term", kwargs={"slug": committee.slug, "term": term.slug})
    # Nothing is counted before the minutes are checked.
    assert "Kokouksissa läsnä" not in visible_text(client.get(url))
    meeting_publish_minutes(meeting=meeting)
    other = past(committee=committee, days_ago=30)
    attendance_record(meeting=other, membership=members[2], status="remote")
    attendance_record(meeting=other, membership=members[0], status="absent")
    meeting_publish_minutes(meeting=other)
    page = page_html(client.get(url))
    rows = {
        re.sub(r"<[^>]+>", "", row.split("</th>")[0]).strip(): row
        for row in page.split('<th scope="row">')[1:]
    }
    assert re.search(r"Kokouksissa läsnä\">\s*2/2", rows[str(members[2].person)])
    assert re.search(r"Kokouksissa läsnä\">\s*0/2", rows[str(members[0].person)])
    assert "(läsnä 1 kokouksessa)" in rows[str(members[1].person)]  # their deputy substituted


@pytest.mark.parametrize(("soon", "later"), [(2, 3), (0, 1), (25, 2)])
def test_the_meetings_page_shows_the_coming_weeks_and_counts_the_later_ones(
    client, committee, soon, later
):
    now = timezone.now()
    for day in range(soon):
        upcoming(committee=committee, starts_at=now + datetime.timedelta(days=1, hours=day))
    for day in range(later):
        upcoming(committee=committee, starts_at=now + datetime.timedelta(days=100 + day))
    response = client.get(reverse("meetings:list"))
    shown = len(response.context["upcoming"])
    assert shown == min(soon, 20)
    assert response.context["later_count"] == soon + later - shown
    page = html_of(response)
    if later == 1 and not soon:
        assert "Yksi myöhempi kokous on jo ilmoitettu" in page
    else:
        assert f"{soon + later - shown} myöhempää kokousta" in page


def test_the_meeting_lists_mark_each_meeting_as_the_template_did(client, committee):
    """The items of committees/includes/meeting_items.html, written by one tag a list."""
    cancelled = upcoming(
        committee=committee,
        is_cancelled=True,
        is_demo=True,
        address="Kylätalo & sauna <b>",
        online_url="https://meet.example/k?a=1&b=2",
    )
    held = past(committee=committee, title="Oma <otsikko>", is_demo=True, address="Paja (demo)")
    held.minutes = "Päätökset."
    held.save()
    page = html_of(client.get("/kokoukset/"))

    def item_of(meeting):
        link = page.index(f'href="{meeting.get_absolute_url()}"')
        return page[page.rindex("<li", 0, link) : page.index("</li>", link)]

    item = item_of(cancelled)
    assert '<li class="meeting-item meeting-cancelled">' in item
    assert "Kylätalo &amp; sauna &lt;b&gt; · myös etänä" in item
    assert '<span class="badge text-bg-danger">Peruttu</span>' in item
    assert '<span class="badge demo-badge">demo</span>' in item
    assert f"({committee.display_name})" not in item  # a meeting without a title names it
    other = item_of(held)
    assert "Oma &lt;otsikko&gt;" in other and f"({committee.display_name})" in other
    assert "Pöytäkirja luettavissa" in other
    assert "demo-badge" not in other  # the place already says "(demo)"
    assert other.startswith('<li class="meeting-item">')
