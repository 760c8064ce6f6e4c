"""uploads.validate: the one check every upload goes through (forum documents, evidence,
practice attachments). Empty files, files over the caller's limit and kinds the caller does not
accept are refused; what a file is comes from its bytes, never its name."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils import translation

import uploads

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _refusal(upload: UploadedFile, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        uploads.validate(upload, **kwargs)
    return refused.value


def _message(error: ValidationError) -> str:
    (message,) = error.messages
    return message


def test_an_accepted_file_comes_back_as_its_kind():
    kind = uploads.validate(
        SimpleUploadedFile("report.pdf", PDF), accepted=("pdf", "png"), max_bytes=1024
    )

    assert kind == uploads.KINDS["pdf"]
    assert kind.content_type == "application/pdf"


def test_the_kind_comes_from_the_bytes_not_the_name():
    kind = uploads.validate(SimpleUploadedFile("setup.exe", PDF), accepted=("pdf",), max_bytes=1024)
    assert kind.key == "pdf"

    error = _refusal(
        SimpleUploadedFile("report.pdf", b"<html><script>alert(1)</script>"),
        accepted=("pdf",),
        max_bytes=1024,
    )
    assert error.code == "not_accepted"


def test_a_kind_the_caller_does_not_accept_is_refused_naming_the_accepted_kinds():
    error = _refusal(SimpleUploadedFile("photo.png", PNG), accepted=("pdf", "docx"), max_bytes=1024)

    assert error.code == "not_accepted"
    assert _message(error) == "This file type is not accepted. Accepted: PDF, Word (DOCX)."


def test_the_caller_words_the_refusal_of_a_kind():
    error = _refusal(
        SimpleUploadedFile("photo.png", PNG),
        accepted=("pdf",),
        max_bytes=1024,
        not_accepted="Upload one of %(kinds)s.",
    )

    assert _message(error) == "Upload one of PDF."


def test_an_empty_file_is_refused():
    error = _refusal(SimpleUploadedFile("empty.pdf", b""), accepted=("pdf",), max_bytes=1024)

    assert error.code == "empty"
    assert _message(error) == "The file is empty."


@pytest.mark.parametrize(
    ("max_bytes", "limit"),
    [
        (20 * 1024 * 1024, "20 MB"),
        (10 * 1024 * 1024, "10 MB"),
        (1536 * 1024, "1.5 MB"),
        (512 * 1024, "512 KB"),
        (2 * 1024**3, "2 GB"),
        (100, "100 bytes"),
    ],
)
def test_a_file_over_the_limit_is_refused_naming_the_limit_it_was_given(max_bytes, limit):
    # The size the request declared decides, before a byte is read: content that is not even
    # an accepted kind still gets the size refusal.
    big = UploadedFile(io.BytesIO(b"MZ"), name="big.pdf", size=max_bytes + 1)

    error = _refusal(big, accepted=("pdf",), max_bytes=max_bytes)

    assert error.code == "too_large"
    assert _message(error) == f"The file is larger than {limit}."


def test_a_file_of_exactly_the_limit_is_accepted():
    exact = SimpleUploadedFile("a.pdf", PDF)

    assert uploads.validate(exact, accepted=("pdf",), max_bytes=len(PDF)).key == "pdf"


def test_a_file_of_unknown_size_is_refused():
    error = _refusal(UploadedFile(io.BytesIO(PDF), name="a.pdf"), accepted=("pdf",), max_bytes=1024)

    assert error.code == "too_large"


def test_the_limit_reads_in_the_active_language():
    with translation.override("nl"):
        assert uploads.size_label(1536 * 1024) == "1,5 MB"
    with translation.override("fr"):
        assert uploads.size_label(1536 * 1024) == "1,5 Mio"
        assert uploads.size_label(20 * 1024 * 1024) == "20 Mio"
        assert uploads.size_label(2) == "2 octets"
