"""Attachments are checked by what they contain, never by their name."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

import uploads

MAX_SIZE = 20 * 1024 * 1024
ACCEPTED = ("pdf", "docx", "odt", "xlsx", "pptx", "png", "jpg")
ALLOWED = "PDF, DOCX, ODT, XLSX, PPTX, PNG, JPEG"


def sniff(upload: UploadedFile) -> str | None:
    """The attachment kind ("pdf", "docx", …) its bytes show, or None."""
    kind = uploads.sniff(upload)
    return kind if kind in ACCEPTED else None


def validate_attachment(upload: UploadedFile) -> str:
    """Return the kind of an acceptable upload, or raise ValidationError with a clear message."""
    if upload.size is not None and upload.size > MAX_SIZE:
        raise ValidationError(
            _("The file is larger than %(limit)s MB."), params={"limit": MAX_SIZE // (1024 * 1024)}
        )
    kind = sniff(upload)
    if kind is None:
        raise ValidationError(
            _("This file type is not accepted. Accepted: %(allowed)s."), params={"allowed": ALLOWED}
        )
    return kind
