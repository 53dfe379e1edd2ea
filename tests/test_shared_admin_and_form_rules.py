"""
Rules that several apps now share from one definition (issue 17's duplicate scan): the trace
of a view of personal data in the admin, a meeting's own admin pages, and the public forms'
privacy-notice box. Each app's own tests cover its pages; these pin what the shared piece
promises wherever it is used.
"""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation

from bookings.services import booking_cancel
from committees.meeting_services import agenda_item_create
from kouvola_alue.audit.models import AuditEntry
from tests.bookings.factories import bookable_space, in_days, pending_booking
from tests.committees.factories import past
from tests.factories import CommitteeFactory, UserFactory, sign_in_staff
from tests.recruitment.factories import open_campaign
from tests.support import html_of

pytestmark = pytest.mark.django_db


def test_opening_a_booking_request_is_traced_with_its_text_and_an_erased_one_is_not(
    clerk_client, clerk
):
    booking = pending_booking(bookable_space(), in_days(5), "10:00", "12:00")
    url = reverse("admin:bookings_bookingrequest_change", args=[booking.pk])
    assert "Salli Salainen" in html_of(clerk_client.get(url))
    (row,) = AuditEntry.objects.filter(object_ids=str(booking.pk))
    assert (row.user, row.action, row.detail) == (
        clerk,
        "view",
        "Varauspyyntö avattu ylläpidossa",
    )
    booking_cancel(booking=booking)
    AuditEntry.objects.all().delete()
    page = html_of(clerk_client.get(url))
    assert "Salli Salainen" not in page
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("page", "task"), [("agenda", "standard"), ("invitations", "send")], ids=["agenda", "kutsut"]
)
def test_staff_who_may_only_view_a_meeting_see_its_page_without_buttons_and_cannot_post(
    client, page, task
):
    meeting = past(committee=CommitteeFactory())
    agenda_item_create(meeting=meeting, title="Kylätalon katto")
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_meeting"))
    sign_in_staff(client, viewer)
    url = reverse(f"admin:committees_meeting_{page}", args=[meeting.pk])
    response = client.get(url)
    assert response.status_code == 200
    html = html_of(response)
    assert str(meeting) in html
    assert 'name="task"' not in html
    assert client.post(url, {"task": task}).status_code == 403
    assert list(meeting.items.values_list("title", flat=True)) == ["Kylätalon katto"]


@pytest.mark.parametrize(
    ("language", "text"), [("fi", "Lue tietosuojaseloste"), ("en", "Read the privacy notice")]
)
def test_the_privacy_notice_box_links_the_notice_in_the_visitors_language(client, language, text):
    campaign = open_campaign(CommitteeFactory())
    space = bookable_space()
    with translation.override(language):
        privacy = reverse("privacy")
        forms = [
            reverse("recruitment:apply", kwargs={"slug": campaign.slug}),
            reverse("spaces:book", kwargs={"pk": space.pk}),
        ]
    for url in forms:
        html = html_of(client.get(url))
        assert f'<a href="{privacy}">{text}</a>' in html, url
