"""Attachments are checked by what they contain, never by their name."""

from __future__ import annotations

import zipfile
import zlib

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

MAX_SIZE = 20 * 1024 * 1024
ALLOWED = "PDF, DOCX, ODT, XLSX, PPTX, PNG, JPEG"
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "png": "image/png",
    "jpg": "image/jpeg",
}
# Office Open XML files are zip containers whose main part names the kind.
_OOXML_PARTS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}


# What reading a damaged or crafted archive's member can raise: a corrupt compressed stream
# (zlib.error), an archive that ends inside the member (EOFError), an encrypted member
# (RuntimeError), a compression method zipfile does not know (NotImplementedError). An upload
# is hostile input: none of this may become a 500.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    OSError,
    ValueError,
    KeyError,
    EOFError,
    RuntimeError,  # NotImplementedError is one
    zlib.error,
)


def _member_head(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    """A short member's content; b"" for a longer one. Never the whole of a long member, which
    a crafted archive can make decompress to gigabytes."""
    with archive.open(name) as member:
        head = member.read(limit)
        return b"" if member.read(1) else head


def _zip_kind(upload: UploadedFile) -> str | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                limit = len(CONTENT_TYPES["odt"]) + 64
                head = _member_head(archive, "mimetype", limit)
                mimetype = head.decode("ascii", "replace").strip()
                if mimetype == CONTENT_TYPES["odt"]:
                    return "odt"
                return None
            if "[Content_Types].xml" not in names:
                return None
            for kind, part in _OOXML_PARTS.items():
                if part in names:
                    return kind
    except _ZIP_ERRORS:
        return None
    finally:
        upload.seek(0)
    return None


def sniff(upload: UploadedFile) -> str | None:
    """The attachment kind ("pdf", "docx", …) its bytes show, or None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(upload)
    return None


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
