import re
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from committees.models import Membership
from tests.factories import clerk

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Kouvola-testi-2026"


@pytest.fixture
def policy_violations(page):
    """What the browser refused under the portal's Content-Security-Policy, page by page."""
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return refused


def code_now(key):
    """The six digits an authenticator app shows now for a secret (bytes)."""
    return f"{TOTP(key).token():06d}"


def sign_in_with_password(page, live_server, username):
    page.goto(live_server.url + "/admin/")
    page.get_by_label("Käyttäjätunnus").fill(username)
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()


def test_a_clerk_signs_in_with_a_second_factor_and_finds_a_roster(
    live_server, page, demo_committees, policy_violations, assert_accessible
):
    user = clerk(username="virkailija", password=PASSWORD)
    phone = TOTPDevice.objects.create(user=user, name="puhelin", confirmed=True)

    sign_in_with_password(page, live_server, "virkailija")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kaksivaiheinen tunnistautuminen")
    assert_accessible(page)
    page.get_by_role("textbox", name="Koodi").fill(code_now(phone.bin_key))
    page.get_by_role("button", name="Vahvista").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aluetoimikuntien ylläpito")

    page.get_by_role("link", name="Jäsenyydet").first.click()
    page.get_by_role("link", name="puheenjohtaja", exact=True).click()
    expect(page.locator("#result_list tbody tr")).to_have_count(5)

    chair = Membership.objects.get(committee__slug="valkeala", role="chair").person
    page.locator("#searchbar").fill(chair.last_name)
    page.locator("#searchbar").press("Enter")
    expect(page.locator("#result_list")).to_contain_text(str(chair))
    expect(page.locator("#result_list")).to_contain_text("Valkealan aluetoimikunta")

    # The admin's own scripts work under the policy: the date and time shortcuts of a form.
    page.goto(live_server.url + "/admin/committees/meeting/add/")
    page.get_by_role("link", name="Tänään").first.click()
    expect(page.locator("#id_starts_at_0")).not_to_have_value("")
    page.get_by_role("link", name="Nyt").first.click()
    expect(page.locator("#id_starts_at_1")).not_to_have_value("")
    page.locator("#calendarlink0").click()
    expect(page.locator("#calendarbox0")).to_be_visible()
    assert policy_violations == []


def test_a_new_clerk_enrols_an_authenticator_by_qr_code(
    live_server, page, policy_violations, assert_accessible
):
    clerk(username="uusi-virkailija", password=PASSWORD)

    sign_in_with_password(page, live_server, "uusi-virkailija")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Ota kaksivaiheinen tunnistautuminen käyttöön"
    )
    expect(page.get_by_role("img", name="QR-koodi todennussovellukseen")).to_be_visible()
    assert_accessible(page)

    # The person's app reads the same secret as the QR code; here it is typed from the text.
    secret = page.locator("#otp-secret").inner_text().replace(" ", "")
    page.get_by_role("textbox", name="Koodi").fill(code_now(b32decode(secret)))
    page.get_by_role("button", name="Vahvista käyttöönotto").click()

    expect(page.get_by_text("Kaksivaiheinen tunnistautuminen on nyt käytössä.")).to_be_visible()
    codes = page.locator("ol.backup-codes li")
    expect(codes).to_have_count(10)
    expect(codes.first).to_have_text(re.compile(r"^[a-z2-7]{8}$"))
    assert_accessible(page)

    page.get_by_role("link", name="Jatka ylläpitoon").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aluetoimikuntien ylläpito")
    page.get_by_role("link", name="Kaksivaiheinen tunnistautuminen").click()
    expect(page.get_by_text("Sinulla on 10 käyttämätöntä varakoodia.")).to_be_visible()
    assert policy_violations == []


def sign_in_with_code(page, live_server, username):
    user = clerk(username=username, password=PASSWORD)
    phone = TOTPDevice.objects.create(user=user, name="puhelin", confirmed=True)
    sign_in_with_password(page, live_server, username)
    page.get_by_role("textbox", name="Koodi").fill(code_now(phone.bin_key))
    page.get_by_role("button", name="Vahvista").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aluetoimikuntien ylläpito")


def scrolls_sideways(page):
    return page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


def test_a_clerk_edits_a_roster_in_a_1280_pixel_window_without_scrolling_sideways(
    live_server, page, demo_committees, assert_accessible
):
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in_with_code(page, live_server, "virkailija")

    page.goto(live_server.url + "/admin/committees/committee/")
    page.get_by_role("link", name="Valkealan aluetoimikunta").click()
    roster = page.locator("#memberships-group")
    expect(roster).to_be_visible()
    page.wait_for_load_state("load")
    assert not scrolls_sideways(page)
    # Every column of the roster, up to the delete box, is inside the window.
    delete_header = roster.locator("th", has_text="Poista?")
    box = delete_header.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 1280

    # Within each term, members before deputies, as on the public page.
    rows = roster.locator("tr.form-row.has_original").evaluate_all(
        """rows => rows.map(r => [r.querySelector('td.field-term select').value,
                                  r.querySelector('td.field-kind select').value])"""
    )
    for term in dict.fromkeys(term for term, _ in rows):
        kinds = [kind for row_term, kind in rows if row_term == term]
        assert kinds == sorted(kinds, key=lambda kind: kind != Membership.Kind.MEMBER)
    assert {kind for _, kind in rows} == {Membership.Kind.MEMBER, Membership.Kind.DEPUTY}
    assert_accessible(page)

    for path in (
        "/admin/committees/membership/",
        "/admin/recruitment/application/",
        "/admin/projects/projectidea/",
        "/admin/committees/meeting/",
        "/admin/recruitment/campaign/",
    ):
        page.goto(live_server.url + path)
        assert not scrolls_sideways(page), path
        clipped = page.locator("#result_list td, #result_list th").evaluate_all(
            "cells => cells.filter(c => c.scrollWidth > c.clientWidth + 1).length"
        )
        assert clipped == 0, path
