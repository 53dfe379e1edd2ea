"""Uploaded minutes: parsed as PDF before they are kept, and never served as a page."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from committees.documents import validate_pdf
from committees.models import Meeting
from tests.committees.factories import PDF_BYTES, MeetingFactory

pytestmark = pytest.mark.django_db

POLYGLOT = b"%PDF-1.7\n<html><body><script>alert(document.cookie)</script></body></html>\n"
NOT_READABLE = (
    "Tiedosto alkaa kuin PDF, mutta se ei ole luettava PDF-asiakirja (se voi olla vioittunut "
    "tai muuta tyyppiä). Tallenna tai vie pöytäkirja uudelleen PDF-muotoon ja lataa se tiedosto."
)


@pytest.mark.parametrize(
    "content",
    [
        POLYGLOT,
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
        b"%PDF-" + b"\x00" * 2000,
        PDF_BYTES[: len(PDF_BYTES) // 2],
    ],
)
def test_a_pdf_header_on_something_else_is_refused(content):
    with pytest.raises(ValidationError) as error:
        validate_pdf(SimpleUploadedFile("poytakirja.pdf", content))
    assert error.value.messages == [NOT_READABLE]


def test_real_pdfs_are_accepted_and_left_ready_to_store():
    demo = Path(settings.BASE_DIR) / "committees" / "data" / "demo_minutes.pdf"
    for content in (PDF_BYTES, demo.read_bytes()):
        upload = SimpleUploadedFile("poytakirja.pdf", content)
        validate_pdf(upload)
        assert upload.tell() == 0
        assert upload.read() == content


def test_the_admin_form_says_why_a_disguised_page_is_refused(clerk_client, committee):
    form = {
        "committee": committee.pk,
        "title": "",
        "starts_at_0": "1.3.2030",
        "starts_at_1": "18:00",
        "ends_at_0": "1.3.2030",
        "ends_at_1": "20:00",
        "address": "Kaupungintalo",
        "online_url": "",
        "agenda": "1. Avaus",
        "minutes": "",
        "minutes_pdf": SimpleUploadedFile("poytakirja.pdf", POLYGLOT, "application/pdf"),
        "is_published": "on",
    }
    response = clerk_client.post(reverse("admin:committees_meeting_add"), form)
    assert response.status_code == 200
    assert NOT_READABLE in response.content.decode()
    assert not Meeting.objects.exists()


def test_minutes_are_a_sandboxed_download(client, committee):
    meeting = MeetingFactory(committee=committee, is_published=True)
    meeting.minutes_pdf.save("x.pdf", SimpleUploadedFile("x.pdf", PDF_BYTES))
    response = client.get(reverse("meetings:minutes_pdf", kwargs={"pk": meeting.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF_BYTES
