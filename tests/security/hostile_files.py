"""One corpus of hostile files for every upload in the portal, built in code.

Each sample is a file name and its bytes. ``HOSTILE`` must be refused everywhere; ``GOOD``
must be accepted wherever its kind is, stored under a generated name and shown under a safe
one (``uploads.safe_name``), however hostile the name it came with.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass
from functools import cache

import pytest


@dataclass(frozen=True)
class Sample:
    name: str
    content: bytes
    kind: str = ""  # for GOOD samples: what the content really is
    shown: str = ""  # for GOOD samples: the name the portal shows for it


# --- Valid files ------------------------------------------------------------------------------


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def png(*extra_chunks: bytes) -> bytes:
    """A real one-pixel grey PNG, with ``extra_chunks`` before its end."""
    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x80")
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", pixels)
        + b"".join(extra_chunks)
        + _png_chunk(b"IEND", b"")
    )


PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX_PARTS = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}
XLSX_PARTS = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}
ODT_PARTS = {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}
DOCX, ODT = zip_of(DOCX_PARTS), zip_of(ODT_PARTS)


# --- Zip bombs --------------------------------------------------------------------------------

GIB = 1024**3


@cache
def _deflated_zeros(size: int) -> tuple[bytes, int]:
    """A raw deflate stream of ``size`` zero bytes and their CRC, without making them: after a
    full flush each megabyte compresses to the same bytes, so one is repeated."""
    block = b"\x00" * (1024 * 1024)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    compressor.compress(block)
    compressor.flush(zlib.Z_FULL_FLUSH)
    repeated = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(size // len(block)):
        crc = zlib.crc32(block, crc)
    stream = repeated * (size // len(block)) + compressor.flush(zlib.Z_FINISH)
    return stream, crc


def _raw_zip(members: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip written by hand from (name, data as stored, crc, unpacked size, method)."""
    out, central = io.BytesIO(), io.BytesIO()
    for name, data, crc, size, method in members:
        offset = out.tell()
        encoded = name.encode()
        fields = (20, 0, method, 0, 0, crc, len(data), size, len(encoded))
        out.write(b"PK\x03\x04" + struct.pack("<HHHHHIIIHH", *fields, 0) + encoded + data)
        central.write(
            b"PK\x01\x02"
            + struct.pack("<HHHHHHIIIHHHHHII", 20, *fields, 0, 0, 0, 0, 0, offset)
            + encoded
        )
    directory = central.getvalue()
    count = len(members)
    end = struct.pack("<HHHHIIH", 0, 0, count, count, len(directory), out.tell(), 0)
    return out.getvalue() + directory + b"PK\x05\x06" + end


def _stored(name: str, data: bytes) -> tuple[str, bytes, int, int, int]:
    return (name, data, zlib.crc32(data), len(data), zipfile.ZIP_STORED)


def bomb(parts: dict[str, bytes], big_member: str, size: int = 2 * GIB) -> bytes:
    """An office file whose ``big_member`` really inflates to ``size`` bytes of zeros."""
    stream, crc = _deflated_zeros(size)
    members = [_stored(name, data) for name, data in parts.items() if name != big_member]
    return _raw_zip([*members, (big_member, stream, crc, size, zipfile.ZIP_DEFLATED)])


def nested_bomb() -> bytes:
    """A DOCX holding a zip holding a zip holding a bomb: small at each level."""
    stream, crc = _deflated_zeros(GIB)
    inner = _raw_zip([("zeros.bin", stream, crc, GIB, zipfile.ZIP_DEFLATED)])
    middle = zip_of({f"part{i}.zip": inner for i in range(4)})
    return zip_of({**DOCX_PARTS, "word/embeddings/package.zip": zip_of({"m.zip": middle})})


def many_members() -> bytes:
    """An XLSX of 10,000 empty members: nothing big, but each costs to list."""
    return zip_of({**XLSX_PARTS, **{f"xl/m{i}.xml": b"" for i in range(10_000)}})


# --- Damaged archives ------------------------------------------------------------------------
# Reading a damaged member raises zlib.error, EOFError, RuntimeError or NotImplementedError:
# each used to escape from the form as a 500.

ODT_MARKER = ODT_PARTS["mimetype"]
# Where a member's header fields are, after the local header's and the central entry's magic.
LOCAL_FLAGS, LOCAL_METHOD, LOCAL_SIZES = 6, 8, 18
CENTRAL_FLAGS, CENTRAL_METHOD, CENTRAL_SIZES = 8, 10, 20


def _odt(mimetype: bytes, compression: int = zipfile.ZIP_DEFLATED) -> bytearray:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr("mimetype", mimetype)
        archive.writestr("content.xml", b"<x/>")
    return bytearray(buffer.getvalue())


def _patch(raw: bytearray, fmt: str, local: int, central: int, *values: int) -> bytes:
    """Set a field of the first member in both its local header and its central entry."""
    struct.pack_into(fmt, raw, local, *values)
    struct.pack_into(fmt, raw, raw.find(b"PK\x01\x02") + central, *values)
    return bytes(raw)


def corrupt_deflate() -> bytes:
    # The member's compressed bytes are garbage: zlib fails only when it is read.
    raw = _odt(ODT_MARKER * 50)
    start = 30 + len("mimetype")  # after the first local file header
    for i in range(start, start + 10):
        raw[i] ^= 0xFF
    return bytes(raw)


def sizes_past_the_end() -> bytes:
    # The headers claim a member far longer than the file: reading it runs out (EOFError).
    return _patch(
        _odt(ODT_MARKER, zipfile.ZIP_STORED), "<II", LOCAL_SIZES, CENTRAL_SIZES, 10**6, 10**6
    )


def unknown_compression() -> bytes:
    # Method 99 (AES): zipfile raises NotImplementedError when the member is opened.
    return _patch(_odt(ODT_MARKER, zipfile.ZIP_STORED), "<H", LOCAL_METHOD, CENTRAL_METHOD, 99)


def encrypted() -> bytes:
    # The encryption flag: zipfile raises RuntimeError, asking for a password.
    return _patch(_odt(ODT_MARKER, zipfile.ZIP_STORED), "<H", LOCAL_FLAGS, CENTRAL_FLAGS, 1)


def long_mimetype() -> bytes:
    # Compresses to a few kilobytes and would decompress to 20 MB if read whole.
    return bytes(_odt(ODT_MARKER + b" " * (20 * 1024 * 1024)))


# --- Markup in disguise -----------------------------------------------------------------------

SCRIPT = b"<html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert(document.domain)</script></svg>"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64 + b"This program"
OVERSIZE = PDF + b"%" + b"0" * (21 * 1024 * 1024)


def hostile() -> list[pytest.ParameterSet]:
    samples = {
        "png-html-polyglot": Sample("photo.png", png(_png_chunk(b"tEXt", b"c\x00" + SCRIPT))),
        "jpeg-html-polyglot": Sample("photo.jpg", b"\xff\xd8\xff\xe0" + SCRIPT + b"\xff\xd9"),
        "svg-with-script": Sample("drawing.svg", SVG),
        "svg-renamed-png": Sample("drawing.png", SVG),
        "html-renamed-pdf": Sample("report.pdf", b"<!DOCTYPE html>" + SCRIPT),
        "docx-bomb": Sample("report.docx", bomb(DOCX_PARTS, "word/document.xml")),
        "xlsx-bomb": Sample("figures.xlsx", bomb(XLSX_PARTS, "xl/workbook.xml")),
        "odt-bomb": Sample("minutes.odt", bomb(ODT_PARTS, "content.xml")),
        "nested-zip-bomb": Sample("report.docx", nested_bomb()),
        "ten-thousand-members": Sample("figures.xlsx", many_members()),
        "corrupt-deflate": Sample("minutes.odt", corrupt_deflate()),
        "member-past-the-end": Sample("minutes.odt", sizes_past_the_end()),
        "unknown-compression": Sample("minutes.odt", unknown_compression()),
        "encrypted-member": Sample("minutes.odt", encrypted()),
        "long-mimetype": Sample("minutes.odt", long_mimetype()),
        "plain-zip": Sample("archive.docx", zip_of({"a.zip": zip_of({"b.txt": b"x"})})),
        "traversal-passwd": Sample("../../etc/passwd", b"root:x:0:0:root:/root:/bin/bash\n"),
        "absolute-path": Sample("/etc/passwd", b"root:x:0:0:root:/root:/bin/bash\n"),
        "backslash-traversal": Sample("..\\..\\windows\\win.ini", b"[fonts]\r\n"),
        "nul-in-name": Sample("shell.php\x00.pdf", b"<?php system($_GET['c']); ?>"),
        "rtl-override-exe": Sample("invoice\u202efdp.exe", EXE),
        "double-extension-exe": Sample("report.pdf.exe", EXE),
        "exe-named-pdf": Sample("report.exe.pdf", EXE),
        "empty": Sample("empty.pdf", b""),
        "oversize": Sample("big.pdf", OVERSIZE),
    }
    return [pytest.param(sample, id=key) for key, sample in samples.items()]


def good() -> list[pytest.ParameterSet]:
    samples = {
        "pdf": Sample("report.pdf", PDF, "pdf", "report.pdf"),
        "odt": Sample("minutes.odt", ODT, "odt", "minutes.odt"),
        "docx": Sample("plan.docx", DOCX, "docx", "plan.docx"),
        "png": Sample("chart.png", png(), "png", "chart.png"),
        "pdf-traversal-name": Sample("../../../etc/cron.d/job.pdf", PDF, "pdf", "job.pdf"),
        "pdf-absolute-name": Sample("/var/www/index.pdf", PDF, "pdf", "index.pdf"),
        "pdf-backslash-name": Sample("C:\\Users\\ann\\plan.pdf", PDF, "pdf", "plan.pdf"),
        "pdf-rtl-name": Sample("invoice\u202efdp.exe", PDF, "pdf", "invoicefdp.exe.pdf"),
        "pdf-double-extension": Sample("report.pdf.exe", PDF, "pdf", "report.pdf.exe.pdf"),
        "pdf-hidden-name": Sample(".htaccess", PDF, "pdf", "htaccess.pdf"),
    }
    return [pytest.param(sample, id=key) for key, sample in samples.items()]
