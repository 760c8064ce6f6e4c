"""What knowledge takes as a file: practice attachments and the admin's JSON Lines import."""

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


def validate_import_file(upload: UploadedFile) -> None:
    """Refuse an import file that cannot be JSON Lines before anything reads it whole: too
    large, empty, or not UTF-8 text (a picture, an archive, a document, a NUL byte)."""
    uploads.validate_size(upload, max_bytes=MAX_IMPORT_SIZE)
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
