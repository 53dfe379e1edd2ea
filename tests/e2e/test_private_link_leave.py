"""
Issue 20, defect 5 in a browser: a private link's session cookie ends with the browser, and
"Leave these pages" forgets the link; axe checks the pages.
"""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from bookings.tokens import booking_token
from tests.bookings.factories import bookable_space, in_days, pending_booking

pytestmark = pytest.mark.django_db(transaction=True)


def test_leaving_a_booking_s_private_pages(live_server, page, assert_accessible):
    booking = pending_booking(bookable_space(), in_days(3), "17:00", "19:00")
    page.goto(f"{live_server.url}/tilat/varaus/{booking_token(booking)}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Varauspyyntösi")
    (cookie,) = [c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == -1  # gone when the browser is closed

    page.get_by_role("button", name="Poistu sivuilta").click()
    expect(page.get_by_role("status")).to_contain_text("Poistuit varauksesi sivuilta")
    assert_accessible(page)
    page.goto(f"{live_server.url}/tilat/varaus/oma/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Linkki ei ole voimassa")
