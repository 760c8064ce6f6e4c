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
