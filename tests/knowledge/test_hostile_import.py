"""Hostile JSON Lines for the import: every bad line is reported by number, never a 500.

json.loads raises more than JSONDecodeError: RecursionError for deeply nested arrays and a
plain ValueError for an integer longer than Python converts; and a "\\ud800" escape decodes
to a lone surrogate, which PostgreSQL cannot store. Each used to escape as a server error
from the admin's import page (django-import-export's, knowledge/resources.py) and as a
traceback from the import_practices command.
"""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from knowledge import services
from knowledge.models import Practice
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

GOOD = {
    "id": "src-1",
    "title": "A good practice",
    "summary": "What it is.",
    "type": "guide",
    "language": "en",
}

HOSTILE = [
    pytest.param("[" * 100_000, "not valid JSON", id="deeply-nested"),
    pytest.param('{"year": ' + "1" * 5000 + "}", "not valid JSON", id="huge-integer"),
    pytest.param(
        json.dumps({**GOOD, "title": "Bad \ud800 title"}),
        "title contains an invalid Unicode character",
        id="lone-surrogate",
    ),
    pytest.param(
        json.dumps({**GOOD, "body": "\udfff"}),
        "body contains an invalid Unicode character",
        id="lone-surrogate-in-body",
    ),
]


@pytest.mark.parametrize(("line", "message"), HOSTILE)
def test_a_hostile_line_is_reported_with_its_number(line, message):
    with pytest.raises(services.ImportRefused) as refused:
        services.practices_import(lines=[json.dumps(GOOD), line])

    assert any(number == 2 and message in text for number, text in refused.value.report.errors)
    assert not Practice.objects.exists()


@pytest.mark.parametrize(("line", "message"), HOSTILE)
def test_skip_invalid_imports_the_good_line_only(line, message):
    report = services.practices_import(lines=[json.dumps(GOOD), line], skip_invalid=True)

    assert report.created == 1 and report.skipped == 1
    assert Practice.objects.get().title == "A good practice"


@pytest.mark.parametrize(("line", "message"), HOSTILE)
def test_the_admin_import_page_names_the_line_not_a_server_error(staff, line, message):
    client = client_for(staff)
    client.raise_request_exception = False
    upload = SimpleUploadedFile("practices.jsonl", line.encode())

    response = client.post(
        "/admin/knowledge/practice/import/", {"import_file": upload, "format": "0"}
    )

    assert response.status_code == 200
    assert f"line 1: {message}" in response.content.decode()
    assert response.context.get("confirm_form") is None
    assert not Practice.objects.exists()


# --- Hostile zips (issue 14) --------------------------------------------------------------------
# An import zip names its members from records that anyone may have written: a name may try to
# leave the archive, a member may lie about its size or be of a kind no attachment may be, and
# the archive itself may be a bomb. Each is refused with its line, or the whole zip with a
# message; nothing is ever unpacked to disk.

ZIP_HOSTILE = [
    pytest.param("../../etc/passwd", {}, "is not a file name inside the zip", id="zip-slip"),
    pytest.param("/etc/passwd", {}, "is not a file name inside the zip", id="absolute"),
    pytest.param("..\\evil.pdf", {}, "is not a file name inside the zip", id="backslash"),
    pytest.param("a/./b.pdf", {}, "is not a file name inside the zip", id="dot-part"),
    pytest.param(
        "evil.pdf", {"evil.pdf": b"MZ\x90\x00 an executable"}, "not accepted", id="wrong-type"
    ),
    pytest.param(
        "page.png",
        {"page.png": b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script>"},
        "not accepted",
        id="polyglot",
    ),
    pytest.param("empty.pdf", {"empty.pdf": b""}, "The file is empty", id="empty"),
    pytest.param("folder/", {"folder/": b""}, "is not a file name inside the zip", id="folder"),
]


def _zip_with(name: str, members: dict[str, bytes]) -> bytes:
    from tests.security.hostile_files import zip_of

    record = {**GOOD, "attachments": [{"file": name}]}
    return zip_of({"practices.jsonl": json.dumps(record).encode(), **members})


@pytest.mark.parametrize(("name", "members", "message"), ZIP_HOSTILE)
def test_a_hostile_member_is_refused_with_its_line(settings, tmp_path, name, members, message):
    import io

    from knowledge.bundles import open_bundle

    settings.MEDIA_ROOT = tmp_path
    lines, files = open_bundle(io.BytesIO(_zip_with(name, members)))

    with pytest.raises(services.ImportRefused) as refused:
        services.practices_import(lines=lines, files=files)

    ((number, text),) = refused.value.report.errors
    assert number == 1 and text.startswith("attachments 1: ") and message in text
    assert not Practice.objects.exists()
    assert not any(tmp_path.rglob("*.*"))


def test_an_oversized_member_is_refused_before_it_is_read(settings, tmp_path, monkeypatch):
    import io

    from knowledge import files as knowledge_files
    from knowledge.bundles import open_bundle
    from tests.security.hostile_files import PDF

    monkeypatch.setattr(knowledge_files, "MAX_SIZE", 1024)
    lines, files = open_bundle(io.BytesIO(_zip_with("big.pdf", {"big.pdf": PDF + b"0" * 2048})))

    with pytest.raises(services.ImportRefused) as refused:
        services.practices_import(lines=lines, files=files)

    assert "big.pdf: The file is larger than 1 KB." in refused.value.report.errors[0][1]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"not a zip at all", "This is not a zip file.", id="not-a-zip"),
        pytest.param(b"PK\x03\x04 broken", "This is not a zip file.", id="broken-zip"),
        pytest.param("no-jsonl", "exactly one .jsonl file; it holds 0", id="no-jsonl"),
        pytest.param("two-jsonl", "exactly one .jsonl file; it holds 2", id="two-jsonl"),
        pytest.param("bomb", "unpacks to far more than it holds", id="bomb"),
        pytest.param("latin1", "is not UTF-8 text", id="not-utf8"),
    ],
)
def test_the_admin_refuses_a_hostile_zip_with_a_message(staff, data, message):
    from tests.security.hostile_files import PDF, bomb, zip_of

    built = {
        "no-jsonl": lambda: zip_of({"a.pdf": PDF}),
        "two-jsonl": lambda: zip_of({"a.jsonl": b"", "b.jsonl": b""}),
        "bomb": lambda: bomb({"practices.jsonl": b""}, "zeros.bin"),
        "latin1": lambda: zip_of({"p.jsonl": "caf\xe9".encode("latin-1")}),
    }
    if isinstance(data, str):
        data = built[data]()
    client = client_for(staff)
    client.raise_request_exception = False

    response = client.post(
        "/admin/knowledge/practice/import/",
        {"import_file": SimpleUploadedFile("practices.zip", data), "format": "3"},
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context.get("confirm_form") is None
    assert not Practice.objects.exists()
