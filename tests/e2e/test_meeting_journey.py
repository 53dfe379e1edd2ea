"""
Meetings as data in the browser: the clerk builds the agenda and records the attendance in the
admin; a resident reads the meeting's items, decisions and attendance on a 320 px phone. axe
checks every page on the way.
"""

import re

import pytest
from playwright.sync_api import expect

from committees.meeting_selectors import meeting_roster
from committees.meeting_services import agenda_item_create
from committees.models import Committee, Meeting, Membership
from tests.committees.factories import past
from tests.e2e.test_clerk_journey import scrolls_sideways, sign_in_with_code

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_clerk_builds_the_agenda_and_records_the_attendance(
    live_server, page, demo_content, assert_accessible
):
    valkeala = Committee.objects.get(slug="valkeala")
    meeting = past(committee=valkeala, days_ago=3, title="Ylimääräinen kokous")
    agenda_item_create(meeting=meeting, title="Kylätalon katto")
    roster = list(meeting_roster(meeting))
    deputy = next(m for m in roster if m.personal_deputy_of_id)
    other_member = next(
        m for m in roster if m.kind == Membership.Kind.MEMBER and m != deputy.personal_deputy_of
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in_with_code(page, live_server, "virkailija")

    page.goto(live_server.url + f"/admin/committees/meeting/{meeting.pk}/change/")
    assert_accessible(page)
    page.get_by_role("link", name="Esityslistan järjestys, läsnäolo ja pöytäkirja").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Esityslista ja läsnäolo")
    page.get_by_role("button", name="Lisää vakioasiat").click()
    expect(page.locator(".messagelist")).to_contain_text("Vakioasioita lisätty: 4.")
    expect(page.locator("table")).to_contain_text("§ 5")
    assert_accessible(page)
    # The new item moves up without a number typed anywhere.
    page.get_by_role("button", name="Siirrä § 5 ylös").click()
    expect(page.locator("tbody tr").nth(3)).to_contain_text("Kylätalon katto")
    page.get_by_role("button", name="Lisää kokoonpano läsnäoloihin").click()
    expect(page.locator(".messagelist")).to_contain_text("lisätty poissaoleviksi")
    expect(page.locator("#content-main")).to_contain_text("Ei päätösvaltainen: 0/")

    # The deputy marked as substituting for a member not their own: refused, said clearly.
    page.get_by_role("link", name="Muokkaa kokousta, asioiden tekstejä ja läsnäoloja").click()
    rows = page.locator("#attendances-group tr.form-row.has_original")
    row = rows.filter(has=page.locator(f'option[selected][value="{deputy.pk}"]'))
    row.locator("td.field-status select").select_option("substituting")
    row.locator("td.field-substitutes_for select").select_option(str(other_member.pk))
    page.get_by_role("button", name="Tallenna välillä ja jatka muokkaamista").click()
    expect(page.locator(".errornote, .errorlist").first).to_be_visible()
    expect(page.locator("#attendances-group")).to_contain_text("voi olla sijaisena vain omalle")
    assert_accessible(page)
    # Left to stand in for their own member, it is saved.
    row = page.locator("#attendances-group tr.form-row.has_original").filter(
        has=page.locator(f'option[selected][value="{deputy.pk}"]')
    )
    row.locator("td.field-substitutes_for select").select_option("")
    page.get_by_role("button", name="Tallenna välillä ja jatka muokkaamista").click()
    expect(page.locator(".messagelist")).to_contain_text("on muokattu")
    assert meeting.attendances.get(membership=deputy).substitutes_for == deputy.personal_deputy_of
    assert_accessible(page)

    page.goto(live_server.url + f"/admin/committees/meeting/{meeting.pk}/asiat/")
    page.get_by_role("button", name="Merkitse pöytäkirja tarkastetuksi ja julkaise se").click()
    expect(page.locator(".messagelist")).to_contain_text("Pöytäkirja on tarkastettu ja julkaistu.")
    assert Meeting.objects.get(pk=meeting.pk).minutes_published

    page.goto(live_server.url + "/admin/committees/meeting/")
    assert_accessible(page)
    item = meeting.items.get(number=4)
    page.goto(live_server.url + f"/admin/committees/agendaitem/{item.pk}/change/")
    expect(page.get_by_role("heading", level=2).first).to_be_visible()
    assert_accessible(page)


def test_a_resident_reads_a_past_meeting_on_a_320_pixel_phone(
    live_server, page, demo_content, assert_accessible
):
    from committees.seed_meetings import seed_demo_meetings

    seed_demo_meetings()
    meeting = (
        Meeting.objects.filter(committee__slug="valkeala", minutes_published_at__isnull=False)
        .order_by("-starts_at")
        .first()
    )
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + meeting.get_absolute_url())
    expect(page.get_by_role("heading", level=2, name="Asiat ja päätökset")).to_be_visible()
    expect(page.locator("#pykala-2")).to_contain_text("Päätösvaltainen:")
    expect(page.get_by_role("heading", level=2, name="Läsnäolo")).to_be_visible()
    expect(page.locator(".attendance")).to_contain_text("Sanna Salonen (demo)")
    assert not scrolls_sideways(page)
    assert_accessible(page)

    page.get_by_role("link", name="Pöytäkirja sivuna luettavaksi tai tulostettavaksi").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pöytäkirja:")
    expect(page.get_by_role("heading", name="Allekirjoitukset")).to_be_visible()
    assert not scrolls_sideways(page)
    assert_accessible(page)
    # On paper: the site's header and the links back are left out, the signatures kept.
    page.emulate_media(media="print")
    expect(page.locator("header.site-header")).to_be_hidden()
    expect(page.locator(".signatures")).to_be_visible()
    page.emulate_media(media="screen")

    page.go_back()
    page.get_by_role("link", name=re.compile("Esityslista sivuna")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Esityslista:")
    assert_accessible(page)
