"""
The decline-and-call-up by mail: staff send a meeting's invitations in the admin, a member
opens "en pääse" from their mail and presses the button, their personal deputy's invitation
mail appears, the deputy answers and leaves the private page, and the admin's expected
attendance changes.
"""

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.committees.factories import upcoming
from tests.factories import clerk, current_term, roster
from tests.support import invitation_link, links_in

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Kouvola-testi-2026"


def test_a_member_cannot_come_and_their_deputy_is_invited(
    live_server, page, committee, sign_in_to_admin, assert_accessible
):
    members, deputies = roster(committee, current_term(), members=5, deputies=1)
    for number, seat in enumerate(members + deputies):
        seat.person.email = f"jasen{number}@example.fi"
        seat.person.save()
    meeting = upcoming(committee=committee)
    mail.outbox.clear()

    sign_in_to_admin(
        page,
        f"/admin/committees/meeting/{meeting.pk}/change/",
        clerk(username="virkailija", password=PASSWORD),
        PASSWORD,
    )
    page.get_by_role("link", name="Kutsut ja odotettu osallistuminen").click()
    expect(page.locator("#expected-summary")).to_contain_text("0/5")
    assert_accessible(page)
    page.get_by_role("button", name="Lähetä kutsut").click()
    expect(page.get_by_text("kutsuja jonossa lähetettäväksi: 5")).to_be_visible()
    assert len(mail.outbox) == 5

    # The member opens "en pääse" from the mail: a page with one button, nothing done yet.
    (invitation,) = [m for m in mail.outbox if m.to == [members[0].person.email]]
    member_page = page.context.new_page()
    (cannot_come,) = links_in(invitation, invitation_link("en-paase"))
    member_page.goto(cannot_come)
    expect(member_page.get_by_role("heading", level=1)).to_have_text("Vastaa kokouskutsuun")
    assert_accessible(member_page)
    assert len(mail.outbox) == 5
    member_page.get_by_role("button", name="Lähetä: en pääse").click()
    expect(member_page.get_by_role("status")).to_contain_text(
        "Henkilökohtainen varajäsenesi on kutsuttu sijaasi."
    )
    assert_accessible(member_page)

    # The deputy's invitation mail, with links of its own.
    (called,) = [m for m in mail.outbox if m.to == [deputies[0].person.email]]
    assert str(members[0].person) in called.body
    (coming,) = links_in(called, invitation_link("tulen"))

    # The deputy will come: the seat counts again in the admin.
    deputy_page = page.context.new_page()
    deputy_page.goto(coming)
    deputy_page.get_by_role("button", name="Lähetä: tulen").click()
    expect(deputy_page.get_by_role("status")).to_contain_text("Vastauksesi on tallennettu: tulen")
    # On a shared computer the deputy leaves: this browser forgets the link.
    deputy_page.get_by_role("button", name="Poistu sivuilta").click()
    expect(deputy_page.get_by_role("status")).to_contain_text("Poistuit kokouskutsusi sivuilta")
    expect(deputy_page.get_by_role("heading", level=1)).to_have_text("Aluetoimikuntien kokoukset")
    deputy_page.go_back()
    deputy_page.reload()
    expect(deputy_page.get_by_role("heading", level=1)).to_have_text("Linkki ei ole voimassa")

    page.reload()
    expect(page.locator("#expected-summary")).to_contain_text("1/5")
    row = page.get_by_role("row").filter(has_text=str(members[0].person))
    expect(row).to_contain_text(f"{deputies[0].person}: tulen")
    expect(row).to_contain_text("en pääse")
    assert_accessible(page)
