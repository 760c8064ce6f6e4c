"""Evidence files: what a file is, judged by its content (magic bytes), never by its name."""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from typing import IO

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str
    label: str


PDF = FileType("pdf", "application/pdf", "PDF")
PNG = FileType("png", "image/png", "PNG")
JPEG = FileType("jpg", "image/jpeg", "JPEG")
DOCX = FileType(
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "Word (DOCX)",
)
XLSX = FileType(
    "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (XLSX)"
)
ODT = FileType("odt", "application/vnd.oasis.opendocument.text", "OpenDocument text (ODT)")
ACCEPTED = [PDF, PNG, JPEG, DOCX, ODT, XLSX]

_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def _zip_kind(stream: IO[bytes]) -> FileType | None:
    """DOCX, XLSX and ODT are all ZIP archives; their members say which one it is."""
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and _member_head("mimetype", archive) == _ODT_MIMETYPE:
                return ODT
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return DOCX
                if "xl/workbook.xml" in names:
                    return XLSX
    # A damaged member fails only when it is decompressed: zlib.error, or EOFError when the
    # archive ends inside it. An upload is hostile input: none of this may become a 500.
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, ValueError, EOFError, zlib.error):
        return None
    return None


def _member_head(name: str, archive: zipfile.ZipFile) -> bytes:
    """A short member's content, stripped; b"" for a longer one. Never the whole of a long
    member, which a crafted archive can make decompress to gigabytes."""
    limit = len(_ODT_MIMETYPE) + 64
    with archive.open(name) as member:
        head = member.read(limit)
        return b"" if member.read(1) else head.strip()


def sniff(stream: IO[bytes]) -> FileType | None:
    """The accepted type ``stream`` holds, or None. Leaves the stream at its start."""
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return PNG
        if head.startswith(b"\xff\xd8\xff"):
            return JPEG
        if head.startswith(b"PK\x03\x04"):
            return _zip_kind(stream)
        return None
    finally:
        stream.seek(0)
