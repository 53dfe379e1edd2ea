"""Uploaded meeting documents: PDF only, of a limited size, kept in the default storage."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PDF_MAGIC = b"%PDF-"


def validate_pdf(upload):
    """
    Accept a PDF only: the name must end in .pdf and the content must begin with the PDF
    signature, so a renamed file of another kind is refused. The size limit is the setting
    ``MEETING_DOCUMENT_MAX_MB``.
    """
    if getattr(upload, "_committed", False):
        # A file already in storage was checked when it was uploaded; reading it back on
        # every save would fail the save if the storage is briefly unreachable.
        return
    name = (getattr(upload, "name", "") or "").lower()
    if not name.endswith(".pdf"):
        raise ValidationError(_("Upload a PDF file (a name ending in .pdf)."), code="extension")
    limit = settings.MEETING_DOCUMENT_MAX_MB * 1024 * 1024
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("The file is too large: at most %(size)s MB is allowed.")
            % {"size": settings.MEETING_DOCUMENT_MAX_MB},
            code="size",
        )
    position = upload.tell() if hasattr(upload, "tell") else None
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    if position is not None:
        upload.seek(position)
    if head != PDF_MAGIC:
        raise ValidationError(_("The file is not a PDF document."), code="content")
