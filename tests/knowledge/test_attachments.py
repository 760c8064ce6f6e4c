"""Attachments are checked by content, not name, and limited in size."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from knowledge import files
from tests.knowledge.helpers import JPEG, PDF, PNG, docx, odt, pptx, upload, xlsx
from tests.security.hostile_files import zip_of


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (PDF, "pdf"),
        (PNG, "png"),
        (JPEG, "jpg"),
        (docx(), "docx"),
        (xlsx(), "xlsx"),
        (pptx(), "pptx"),
        (odt(), "odt"),
    ],
)
def test_accepted_kinds_are_recognised_by_content(data, kind):
    assert files.validate_attachment(upload("whatever.bin", data)) == kind


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00executable",
        b"<html><script>alert(1)</script>",
        b"PK\x03\x04 broken zip",
    ],
)
def test_other_content_is_refused_whatever_its_name(data):
    with pytest.raises(ValidationError, match="not accepted"):
        files.validate_attachment(upload("innocent.pdf", data))


def test_a_plain_zip_is_not_an_office_document():
    with pytest.raises(ValidationError):
        files.validate_attachment(upload("a.docx", zip_of({"evil.exe": b"MZ"})))


def test_files_over_the_size_limit_are_refused(monkeypatch):
    monkeypatch.setattr(files, "MAX_SIZE", 10)

    with pytest.raises(ValidationError, match="larger than"):
        files.validate_attachment(upload("big.pdf", PDF))


def test_an_empty_attachment_is_refused():
    with pytest.raises(ValidationError, match="empty"):
        files.validate_attachment(upload("empty.pdf", b""))
