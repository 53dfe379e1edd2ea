"""Uploaded meeting documents: PDF only, of a limited size, kept in the default storage."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError

# pypdf reports what it repairs in a damaged file as warnings; the upload's verdict is enough.
logging.getLogger("pypdf").setLevel(logging.ERROR)

PDF_MAGIC = b"%PDF-"


def validate_pdf(upload):
    """
    Accept a PDF only: the name must end in .pdf, the content must begin with the PDF
    signature and a PDF parser (pypdf) must find its pages, so a renamed file of another kind,
    or a PDF header followed by a web page, is refused. The size limit is the setting
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
    try:
        if upload.read(len(PDF_MAGIC)) != PDF_MAGIC:
            raise ValidationError(_("The file is not a PDF document."), code="content")
        upload.seek(0)
        _check_structure(upload)
    finally:
        upload.seek(position or 0)


def _check_structure(upload):
    message = _(
        "The file begins like a PDF but is not a readable PDF document (it may be damaged or "
        "of another kind). Save or export the minutes as PDF again and upload that file."
    )
    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(
                _("The PDF is password-protected. Upload a copy without a password."),
                code="encrypted",
            )
        pages = reader.pages
        if len(pages) == 0:
            raise ValidationError(message, code="structure")
        for page in pages:
            page.get_contents()
    except ValidationError:
        raise
    except (PyPdfError, ValueError, TypeError, KeyError, AttributeError, IndexError, OSError):
        # pypdf meets hostile input with whichever error its parser happens to hit.
        raise ValidationError(message, code="structure") from None


def pdf_accessibility_gaps(upload):
    """
    What a PDF lacks to be read by a screen reader, as short names: "tags" (no structure
    tree /StructTreeRoot or no /MarkInfo), "language" (no /Lang), "title" (no document
    title). Empty when it has them all, or when it cannot be read (``validate_pdf`` judges
    that). The admin warns of the gaps: the HTML minutes are then the accessible version.
    """
    position = upload.tell() if hasattr(upload, "tell") else None
    try:
        upload.seek(0)
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted:
            reader.decrypt("")
        catalog = reader.trailer["/Root"]
        gaps = []
        if "/StructTreeRoot" not in catalog or "/MarkInfo" not in catalog:
            gaps.append("tags")
        if not str(catalog.get("/Lang", "") or "").strip():
            gaps.append("language")
        metadata = reader.metadata
        if not (metadata and str(metadata.title or "").strip()):
            gaps.append("title")
        return gaps
    except (PyPdfError, ValueError, TypeError, KeyError, AttributeError, IndexError, OSError):
        return []
    finally:
        if position is not None:
            upload.seek(position)
