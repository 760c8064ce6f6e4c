"""Attachments are checked by what they contain, never by their name."""

from __future__ import annotations

import codecs

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


MAX_IMPORT_SIZE = 10 * 1024 * 1024
_TEXT_CHUNK = 64 * 1024


def validate_import_file(upload: UploadedFile) -> None:
    """Refuse an import file that cannot be JSON Lines before anything reads it whole: too
    large, empty, or not UTF-8 text (a picture, an archive, a document, a NUL byte)."""
    if upload.size is None or upload.size > MAX_IMPORT_SIZE:
        raise ValidationError(
            _("The file is larger than %(limit)s MB."),
            params={"limit": MAX_IMPORT_SIZE // (1024 * 1024)},
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."))
    not_text = ValidationError(_("This is not a JSON Lines file: it is not UTF-8 text."))
    decoder = codecs.getincrementaldecoder("utf-8")()
    upload.seek(0)
    try:
        for chunk in upload.chunks(_TEXT_CHUNK):
            if b"\x00" in chunk:
                raise not_text
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        raise not_text from exc
    finally:
        upload.seek(0)
