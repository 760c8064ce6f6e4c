"""Damaged and crafted attachments: refused with a message, never a 500.

The site-wide hostile-input test cannot send files, so the ZIP-based formats (whose members
are read to tell ODT from the others) are attacked here. Reading a damaged member used to
raise zlib.error, EOFError, RuntimeError or NotImplementedError out of the form: a 500.
"""

from __future__ import annotations

import io
import struct
import zipfile

import pytest

from knowledge import files
from knowledge.models import Practice
from tests.knowledge.helpers import upload

pytestmark = pytest.mark.django_db

ODT_MARKER = b"application/vnd.oasis.opendocument.text"
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


def _corrupt_deflate() -> bytes:
    # The member's compressed bytes are garbage: zlib fails only when it is read.
    raw = _odt(ODT_MARKER * 50)
    start = 30 + len("mimetype")  # after the first local file header
    for i in range(start, start + 10):
        raw[i] ^= 0xFF
    return bytes(raw)


def _sizes_past_the_end() -> bytes:
    # The headers claim a member far longer than the file: reading it runs out (EOFError).
    raw = _odt(ODT_MARKER, zipfile.ZIP_STORED)
    return _patch(raw, "<II", LOCAL_SIZES, CENTRAL_SIZES, 10**6, 10**6)


def _unknown_compression() -> bytes:
    # Method 99 (AES): zipfile raises NotImplementedError when the member is opened.
    raw = _odt(ODT_MARKER, zipfile.ZIP_STORED)
    return _patch(raw, "<H", LOCAL_METHOD, CENTRAL_METHOD, 99)


def _encrypted() -> bytes:
    # The encryption flag: zipfile raises RuntimeError, asking for a password.
    raw = _odt(ODT_MARKER, zipfile.ZIP_STORED)
    return _patch(raw, "<H", LOCAL_FLAGS, CENTRAL_FLAGS, 1)


def _long_mimetype() -> bytes:
    # Compresses to a few kilobytes and would decompress to 20 MB if read whole.
    return bytes(_odt(ODT_MARKER + b" " * (20 * 1024 * 1024)))


DAMAGED = [
    pytest.param(_corrupt_deflate(), id="corrupt-deflate"),
    pytest.param(_sizes_past_the_end(), id="member-past-the-end"),
    pytest.param(_unknown_compression(), id="unknown-compression"),
    pytest.param(_encrypted(), id="encrypted-member"),
    pytest.param(_long_mimetype(), id="long-mimetype"),
]


@pytest.mark.parametrize("content", DAMAGED)
def test_damaged_zip_files_are_not_recognised(content):
    assert files.sniff(upload("suggestion.odt", content)) is None


def test_a_real_odt_is_still_recognised():
    assert files.sniff(upload("suggestion.odt", bytes(_odt(ODT_MARKER)))) == "odt"


def test_a_long_mimetype_is_not_read_whole(monkeypatch):
    reads: list[int] = []
    original = zipfile.ZipExtFile.read

    def read(self, n=-1):
        reads.append(n)
        return original(self, n)

    monkeypatch.setattr(zipfile.ZipExtFile, "read", read)

    assert files.sniff(upload("suggestion.odt", _long_mimetype())) is None
    assert reads and all(0 <= n <= 1024 for n in reads)


@pytest.mark.parametrize("content", DAMAGED)
def test_a_damaged_attachment_is_refused_not_a_server_error(
    content, charlie_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    charlie_client.raise_request_exception = False

    response = charlie_client.post(
        "/knowledge/submit/",
        {
            "title": "Our waste plan",
            "summary": "How we halved our waste.",
            "type": "good-practice",
            "language": "en",
            "attachment": upload("plan.odt", content),
        },
    )

    assert response.status_code == 200
    assert "This file type is not accepted" in response.content.decode()
    assert not Practice.objects.exists()
