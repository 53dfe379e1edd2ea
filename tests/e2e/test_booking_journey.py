"""
A visitor books a community space: asks for a free slot, confirms it through the mailed
link, a clerk approves it in the admin, and the space's page then shows the slot booked
and the use rate grown. axe checks each public page.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from bookings.forms import BookingForm
from bookings.models import BookingRequest
from tests.bookings.factories import at, bookable_space, in_days
from tests.factories import clerk

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Kouvola-testi-2026"


def test_a_visitor_books_a_slot_and_a_clerk_approves_it(
    live_server, page, monkeypatch, sign_in_to_admin, assert_accessible, time_machine
):
    # A browser fills the form faster than a person; the minimum time is tested elsewhere.
    monkeypatch.setattr(BookingForm, "min_fill_seconds", 0)
    # The page counts this year's use: in the last days of December the booked day would fall
    # in the next year, so the clock goes back to 20 December.
    if in_days(4).year != in_days(0).year:
        time_machine.move_to(at(in_days(0).replace(day=20), 12), tick=True)
    space = bookable_space(name="Kylätalo Kotikolo", opens="09:00", closes="21:00")
    day = in_days(4)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{live_server.url}/tilat/{space.pk}/?viikko={day}")
    row = page.get_by_role("row", name=re.compile(f"{day:%-d.%-m.%Y}"))
    expect(row).to_contain_text("9.00–21.00")
    use_rate = page.get_by_role("table", name=re.compile("Käyttöaste kuukausittain"))
    # Booked hours this year (the third column of the year's row): none yet.
    expect(use_rate.locator("tfoot td").nth(1)).to_have_text("0")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Varaa tila").click()
    assert_accessible(page)
    page.get_by_label("Päivä", exact=False).first.fill(day.isoformat())
    page.get_by_label("Alkaa", exact=False).fill("17:00")
    page.get_by_label("Päättyy", exact=False).fill("23:00")
    page.get_by_label("Varauksen tarkoitus").fill("Kuoron harjoitukset")
    page.get_by_label("Arvioitu osallistujamäärä").fill("14")
    page.get_by_label("Nimesi").fill("Kaisa Kuorolainen")
    page.get_by_label("Sähköposti").fill("kaisa@example.fi")
    page.get_by_label("Olen lukenut tietosuojaseloste").check()
    page.get_by_role("button", name="Lähetä pyyntö").click()
    # Too long and past closing time: said on top, answers kept.
    expect(page.get_by_role("alert")).to_contain_text("enintään 4 tuntia")
    expect(page.get_by_role("alert")).to_contain_text("varattavien aikojen ulkopuolella")
    assert_accessible(page)
    page.get_by_label("Päättyy", exact=False).fill("19:00")
    page.get_by_label("Olen lukenut tietosuojaseloste").check()
    page.get_by_role("button", name="Lähetä pyyntö").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tarkista sähköpostisi")

    (message,) = mail.outbox
    link = re.search(r"http://[^/\s]+(/\S+)", message.body).group(1)
    page.goto(live_server.url + link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Varauspyyntösi")
    assert_accessible(page)
    page.get_by_role("button", name="Vahvista pyyntö").click()
    expect(page.get_by_text("odottaa päätöstä")).to_be_visible()
    booking = BookingRequest.objects.get()

    clerk(username="virkailija", password=PASSWORD)
    from django.contrib.auth import get_user_model

    sign_in_to_admin(
        page,
        "/admin/bookings/bookingrequest/",
        get_user_model().objects.get(username="virkailija"),
        PASSWORD,
    )
    page.locator(f"input[name='_selected_action'][value='{booking.pk}']").check()
    page.locator("select[name='action']").select_option("approve")
    page.get_by_role("button", name=re.compile("Suorita")).click()
    page.get_by_label("Viesti varaajalle").fill("Avain on ovikoodilla 1234.")
    page.get_by_role("button", name="Hyväksy varauspyynnöt").click()
    expect(page.locator(".messagelist")).to_contain_text("1 pyyntöä hyväksytty")
    assert "Avain on ovikoodilla 1234." in mail.outbox[-1].body

    page.goto(f"{live_server.url}/tilat/{space.pk}/?viikko={day}")
    row = page.get_by_role("row", name=re.compile(f"{day:%-d.%-m.%Y}"))
    expect(row).to_contain_text("17.00–19.00 varattu")
    expect(row).not_to_contain_text("Kaisa")
    use_rate = page.get_by_role("table", name=re.compile("Käyttöaste kuukausittain"))
    expect(use_rate.locator("tfoot td").nth(1)).to_have_text("2")
    assert_accessible(page)
