"""What knowledge takes as a file: practice attachments and the admin's import (JSON Lines,
CSV, XLSX)."""

from __future__ import annotations

import codecs

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

import uploads

MAX_SIZE = 20 * 1024 * 1024
ACCEPTED = ("pdf", "docx", "odt", "xlsx", "pptx", "png", "jpg")


def validate_attachment(upload: UploadedFile) -> str:
    """Return the kind of an acceptable attachment, or raise ValidationError with a clear
    message."""
    return uploads.validate(upload, accepted=ACCEPTED, max_bytes=MAX_SIZE).key


MAX_IMPORT_SIZE = 10 * 1024 * 1024
_TEXT_CHUNK = 64 * 1024


def validate_import_file(upload: UploadedFile, *, kind: str = "jsonl") -> None:
    """Refuse an import file that cannot be of ``kind`` before anything reads it whole: too
    large, empty; for JSON Lines and CSV not UTF-8 text (a picture, an archive, a document, a
    NUL byte); for XLSX not a workbook by its content, or a zip bomb (``uploads.sniff``)."""
    if kind == "xlsx":
        uploads.validate(
            upload,
            accepted=("xlsx",),
            max_bytes=MAX_IMPORT_SIZE,
            not_accepted=_("This is not an Excel (XLSX) file."),
        )
        return
    uploads.validate_size(upload, max_bytes=MAX_IMPORT_SIZE)
    not_text = ValidationError(
        _("This is not a CSV file: it is not UTF-8 text.")
        if kind == "csv"
        else _("This is not a JSON Lines file: it is not UTF-8 text.")
    )
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
