"""The clerk's agenda and attendance in the admin: built through the meeting services."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.generic import BooleanObject, DictionaryObject, NameObject, TextStringObject

from committees.documents import pdf_accessibility_gaps
from committees.meeting_services import agenda_item_create, attendance_record
from committees.models import AgendaItem, Attendance
from tests.committees.factories import PDF_BYTES, inline_management, past
from tests.factories import roster
from tests.support import html_of

pytestmark = pytest.mark.django_db


def change_form(meeting, **extra):
    """The meeting's change form as the admin shows it, its inlines empty unless given."""
    rows = {}
    for key in extra:
        prefix = key.split("-")[0]
        index = int(key.split("-")[1]) + 1 if key.split("-")[1].isdigit() else 0
        rows[prefix] = max(rows.get(prefix, 0), index)
    data = {
        "committee": meeting.committee_id,
        "title": meeting.title,
        "starts_at_0": meeting.starts_at.astimezone().strftime("%d.%m.%Y"),
        "starts_at_1": meeting.starts_at.astimezone().strftime("%H:%M"),
        "ends_at_0": meeting.ends_at.astimezone().strftime("%d.%m.%Y"),
        "ends_at_1": meeting.ends_at.astimezone().strftime("%H:%M"),
        "address": meeting.address,
        "online_url": "",
        "agenda": meeting.agenda,
        "minutes": "",
        "is_published": "on",
        **inline_management(**{p: (n, 0) for p, n in rows.items()}),
    }
    data.update(extra)
    return data


def agenda_url(meeting):
    return reverse("admin:committees_meeting_agenda", args=[meeting.pk])


def numbered(meeting):
    return list(meeting.items.order_by("number").values_list("number", "title"))


def test_standard_items_are_added_with_one_button_and_reordered_without_numbers(
    clerk_client, committee
):
    meeting = past(committee=committee)
    agenda_item_create(meeting=meeting, title="Kylätalon remontti")
    response = clerk_client.post(agenda_url(meeting), {"task": "standard"}, follow=True)
    assert "Vakioasioita lisätty: 4." in html_of(response)
    assert numbered(meeting)[1] == (2, "Kokouksen laillisuus ja päätösvaltaisuus")
    assert numbered(meeting)[4] == (5, "Kylätalon remontti")
    page = html_of(clerk_client.get(agenda_url(meeting)))
    assert "Siirrä § 5 ylös" in page and "Siirrä § 5 alas" not in page
    moved = meeting.items.get(number=5)
    clerk_client.post(agenda_url(meeting), {"task": "up", "item": moved.pk})
    assert numbered(meeting)[3] == (4, "Kylätalon remontti")
    assert numbered(meeting)[4] == (5, "Esityslistan hyväksyminen")


def test_the_change_form_adds_items_at_the_end_and_links_the_agenda_page(clerk_client, committee):
    meeting = past(committee=committee)
    agenda_item_create(meeting=meeting, title="Ensimmäinen")
    url = reverse("admin:committees_meeting_change", args=[meeting.pk])
    page = html_of(clerk_client.get(url))
    assert agenda_url(meeting) in page
    first = meeting.items.get()
    data = change_form(
        meeting,
        **{
            "items-0-id": first.pk,
            "items-0-meeting": meeting.pk,
            "items-0-title": "Ensimmäinen",
            "items-0-decision": "Hyväksyttiin.",
            "items-1-meeting": meeting.pk,
            "items-1-title": "Toinen",
            "items-1-proposal": "Ehdotetaan.",
        },
    )
    data["items-INITIAL_FORMS"] = 1
    response = clerk_client.post(url, data)
    assert response.status_code == 302, html_of(response)[:3000]
    assert numbered(meeting) == [(1, "Ensimmäinen"), (2, "Toinen")]
    assert AgendaItem.objects.get(number=1).decision == "Hyväksyttiin."


def test_the_attendance_inline_refuses_a_deputy_for_another_member(clerk_client, committee, term):
    members, deputies = roster(committee, term, members=7, deputies=1)
    meeting = past(committee=committee)
    url = reverse("admin:committees_meeting_change", args=[meeting.pk])
    page = clerk_client.get(url).content.decode()
    assert f'value="{deputies[0].pk}"' in page  # the term's roster is offered
    data = change_form(
        meeting,
        **{
            "attendances-0-meeting": meeting.pk,
            "attendances-0-membership": deputies[0].pk,
            "attendances-0-status": "substituting",
            "attendances-0-substitutes_for": members[3].pk,
        },
    )
    response = clerk_client.post(url, data)
    assert response.status_code == 200
    assert "voi olla sijaisena vain omalle jäsenelleen" in html_of(response)
    assert not Attendance.objects.exists()
    # Left empty, the deputy's own member is meant.
    data["attendances-0-substitutes_for"] = ""
    response = clerk_client.post(url, data)
    assert response.status_code == 302, html_of(response)[:3000]
    assert Attendance.objects.get().substitutes_for == members[0]


def test_the_attendance_inline_refuses_a_member_present_with_their_substitute(
    clerk_client, committee, term
):
    members, deputies = roster(committee, term, members=7, deputies=1)
    meeting = past(committee=committee)
    attendance_record(meeting=meeting, membership=deputies[0], status="substituting")
    url = reverse("admin:committees_meeting_change", args=[meeting.pk])
    data = change_form(
        meeting,
        **{
            "attendances-0-id": meeting.attendances.get().pk,
            "attendances-0-meeting": meeting.pk,
            "attendances-0-membership": deputies[0].pk,
            "attendances-0-status": "substituting",
            "attendances-0-substitutes_for": members[0].pk,
            "attendances-1-meeting": meeting.pk,
            "attendances-1-membership": members[0].pk,
            "attendances-1-status": "present",
        },
    )
    data["attendances-INITIAL_FORMS"] = 1
    response = clerk_client.post(url, data)
    assert response.status_code == 200
    assert "merkitty läsnä olevaksi" in html_of(response)
    assert meeting.attendances.count() == 1


def test_the_roster_is_added_to_the_attendance_and_the_quorum_said(clerk_client, committee, term):
    roster(committee, term, members=7, deputies=2)
    meeting = past(committee=committee)
    response = clerk_client.post(agenda_url(meeting), {"task": "roster"}, follow=True)
    assert "Jäseniä ja varajäseniä lisätty poissaoleviksi: 9." in html_of(response)
    assert "Ei päätösvaltainen: 0/7" in html_of(response)


def test_minutes_are_marked_checked_in_the_admin(clerk_client, committee):
    meeting = past(committee=committee)
    response = clerk_client.post(agenda_url(meeting), {"task": "minutes"}, follow=True)
    assert "Pöytäkirja on tarkastettu ja julkaistu." in html_of(response)
    meeting.refresh_from_db()
    assert meeting.minutes_published


def tagged_pdf():
    """A PDF with what a screen reader needs: tags, its language and a title."""
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Title": "Pöytäkirja"})
    root = writer._root_object
    root[NameObject("/Lang")] = TextStringObject("fi")
    root[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})
    root[NameObject("/StructTreeRoot")] = DictionaryObject(
        {NameObject("/Type"): NameObject("/StructTreeRoot")}
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_the_gaps_of_a_pdf_are_found():
    assert pdf_accessibility_gaps(io.BytesIO(PDF_BYTES)) == ["tags", "language", "title"]
    assert pdf_accessibility_gaps(io.BytesIO(tagged_pdf())) == []


def test_an_untagged_attachment_is_saved_with_a_warning(clerk_client, committee):
    meeting = past(committee=committee)
    item = agenda_item_create(meeting=meeting, title="Avustukset")
    url = reverse("admin:committees_agendaitem_change", args=[item.pk])
    data = {
        "title": item.title,
        "title_en": "",
        "proposal": "",
        "proposal_en": "",
        "decision": "",
        "decision_en": "",
        "attachments-TOTAL_FORMS": 1,
        "attachments-INITIAL_FORMS": 0,
        "attachments-MIN_NUM_FORMS": 0,
        "attachments-MAX_NUM_FORMS": 1000,
        "attachments-0-item": item.pk,
        "attachments-0-title": "Hakemus",
        "attachments-0-order": 0,
        "attachments-0-document": SimpleUploadedFile("hakemus.pdf", PDF_BYTES),
    }
    response = clerk_client.post(url, data, follow=True)
    page = html_of(response)
    assert item.attachments.get().title == "Hakemus"
    assert "ei ole saavutettava asiakirja" in page
    assert "tageja" in page
    # A tagged one passes without a word.
    data["attachments-0-title"] = "Toinen"
    data["attachments-0-document"] = SimpleUploadedFile("toinen.pdf", tagged_pdf())
    page = html_of(clerk_client.post(url, data, follow=True))
    assert item.attachments.count() == 2
    assert "ei ole saavutettava asiakirja" not in page


def test_others_present_are_recorded_by_name_and_role(clerk_client, committee):
    meeting = past(committee=committee)
    url = reverse("admin:committees_meeting_change", args=[meeting.pk])
    data = change_form(
        meeting,
        **{
            "other_attendees-0-meeting": meeting.pk,
            "other_attendees-0-name": "Sari Salo",
            "other_attendees-0-role": "sihteeri",
            "other_attendees-0-order": 0,
        },
    )
    response = clerk_client.post(url, data)
    assert response.status_code == 302, html_of(response)[:3000]
    (other,) = meeting.other_attendees.all()
    assert (other.name, other.role) == ("Sari Salo", "sihteeri")


@pytest.mark.parametrize("item", ["", "abc", "999999"])
def test_a_move_of_an_item_not_there_is_said_not_failed(clerk_client, committee, item):
    meeting = past(committee=committee)
    agenda_item_create(meeting=meeting, title="A")
    response = clerk_client.post(agenda_url(meeting), {"task": "up", "item": item}, follow=True)
    assert response.status_code == 200
    assert "Asia ei ole enää esityslistalla." in html_of(response)
