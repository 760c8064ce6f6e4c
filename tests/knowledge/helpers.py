"""Small valid files of each accepted kind, built in memory."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.security.hostile_files import DOCX_PARTS, ODT_PARTS, XLSX_PARTS, zip_of

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def docx() -> bytes:
    return zip_of(DOCX_PARTS)


def xlsx() -> bytes:
    return zip_of(XLSX_PARTS)


def pptx() -> bytes:
    return zip_of({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"})


def odt() -> bytes:
    return zip_of(ODT_PARTS)


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")
