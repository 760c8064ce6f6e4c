"""Damaged and crafted evidence files: refused with a message, never a 500.

The site-wide hostile-input test cannot send files, so the ZIP-based formats (whose members
are read to tell DOCX, XLSX and ODT apart) are attacked here.
"""

from __future__ import annotations

import io
import struct
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commitments import files
from commitments.models import Evidence, Pledge
from tests.commitments.conftest import make_pledge, make_report
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

ODT_MARKER = b"application/vnd.oasis.opendocument.text"


def _odt(mimetype: bytes, compression: int = zipfile.ZIP_DEFLATED) -> bytearray:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr("mimetype", mimetype)
        archive.writestr("content.xml", b"<x/>")
    return bytearray(buffer.getvalue())


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
    struct.pack_into("<II", raw, 18, 10**6, 10**6)
    struct.pack_into("<II", raw, raw.find(b"PK\x01\x02") + 20, 10**6, 10**6)
    return bytes(raw)


def _long_mimetype() -> bytes:
    # Compresses to a few kilobytes and would decompress to 20 MB if read whole.
    return bytes(_odt(ODT_MARKER + b" " * (20 * 1024 * 1024)))


DAMAGED = [
    pytest.param(_corrupt_deflate(), id="corrupt-deflate"),
    pytest.param(_sizes_past_the_end(), id="member-past-the-end"),
    pytest.param(_long_mimetype(), id="long-mimetype"),
]


@pytest.mark.parametrize("content", DAMAGED)
def test_damaged_zip_files_are_not_recognised(content):
    assert files.sniff(io.BytesIO(content)) is None


def test_a_real_odt_is_still_recognised():
    assert files.sniff(io.BytesIO(bytes(_odt(ODT_MARKER)))) == files.ODT


@pytest.fixture
def pledge(framework, association, emile) -> Pledge:
    return make_pledge(association, framework, "1.1")


@pytest.mark.parametrize("content", DAMAGED)
def test_a_damaged_upload_is_refused_not_a_server_error(content, emile, pledge, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = make_report(pledge)
    client = client_for(emile)
    client.raise_request_exception = False

    response = client.post(
        reverse("commitments:evidence_file_add", args=[report.uid]),
        {"file-title": "Minutes", "file-file": SimpleUploadedFile("minutes.odt", content)},
    )

    assert response.status_code == 400
    assert "not one of the accepted kinds" in response.content.decode()
    assert not Evidence.objects.exists()
