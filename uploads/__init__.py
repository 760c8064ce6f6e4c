"""What an uploaded file is, judged by its content (magic bytes), never by its name.

One sniffer for every app that takes files; each app decides which kinds it accepts and how
large they may be.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from typing import IO


@dataclass(frozen=True)
class Kind:
    key: str  # also the file extension the portal stores it under
    content_type: str
    label: str


KINDS = {
    kind.key: kind
    for kind in (
        Kind("pdf", "application/pdf", "PDF"),
        Kind("png", "image/png", "PNG"),
        Kind("jpg", "image/jpeg", "JPEG"),
        Kind(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "Word (DOCX)",
        ),
        Kind(
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "Excel (XLSX)",
        ),
        Kind(
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "PowerPoint (PPTX)",
        ),
        Kind("odt", "application/vnd.oasis.opendocument.text", "OpenDocument text (ODT)"),
    )
}

# Office Open XML files are zip containers whose main part names the kind.
_OOXML_PARTS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
_ODT_MIMETYPE = KINDS["odt"].content_type.encode()

# What reading a damaged or crafted archive's member can raise: a corrupt compressed stream
# (zlib.error), an archive that ends inside the member (EOFError), an encrypted member
# (RuntimeError), a compression method zipfile does not know (NotImplementedError, a
# RuntimeError). An upload is hostile input: none of this may become a 500.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    OSError,
    ValueError,
    KeyError,
    EOFError,
    RuntimeError,
    zlib.error,
)


def _member_head(archive: zipfile.ZipFile, name: str) -> bytes:
    """A short member's content, stripped; b"" for a longer one. Never the whole of a long
    member, which a crafted archive can make decompress to gigabytes."""
    with archive.open(name) as member:
        head = member.read(len(_ODT_MIMETYPE) + 64)
        return b"" if member.read(1) else head.strip()


def _zip_kind(stream: IO[bytes]) -> str | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                return "odt" if _member_head(archive, "mimetype") == _ODT_MIMETYPE else None
            if "[Content_Types].xml" not in names:
                return None
            for kind, part in _OOXML_PARTS.items():
                if part in names:
                    return kind
    except _ZIP_ERRORS:
        return None
    return None


def sniff(stream: IO[bytes]) -> str | None:
    """The key of the kind ``stream`` holds ("pdf", "docx", …), or None. Leaves the stream at
    its start."""
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return "pdf"
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return "png"
        if head.startswith(b"\xff\xd8\xff"):
            return "jpg"
        if head.startswith(b"PK\x03\x04"):
            return _zip_kind(stream)
        return None
    finally:
        stream.seek(0)
