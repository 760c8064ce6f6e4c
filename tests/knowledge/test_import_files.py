"""Attachments and links in the practice import and export (issue 14): a zip holding the JSON
Lines file and the files its records name; addresses fetched only when the operator allows
it (KNOWLEDGE_IMPORT_FETCH), else kept as links; the export writes them back, and export →
import → export changes nothing."""

from __future__ import annotations

import io
import json
import zipfile
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from knowledge import bundles, services
from knowledge.bundles import ImportFiles, open_bundle
from knowledge.models import Attachment, Practice, PracticeLink
from tests.conftest import client_for
from tests.knowledge.helpers import PDF, xlsx
from tests.security.hostile_files import zip_of

pytestmark = pytest.mark.django_db

RECORD = {
    "id": "src-1",
    "title": "Energy audit checklist",
    "summary": "Twenty questions.",
    "type": "checklist",
    "language": "en",
}


def _bundle(records: list[dict], members: dict[str, bytes]) -> bytes:
    lines = "".join(json.dumps(r) + "\n" for r in records).encode()
    return zip_of({"practices.jsonl": lines, **members})


def _import_bundle(data: bytes, **kwargs) -> services.ImportReport:
    lines, files = open_bundle(io.BytesIO(data))
    return services.practices_import(lines=lines, files=files, **kwargs)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.KNOWLEDGE_IMPORT_FETCH = False


def test_a_zip_imports_the_files_its_records_name():
    record = {
        **RECORD,
        "attachments": [
            {"file": "files/checklist.pdf", "title": "Printable checklist", "language": "en"},
            {"file": "files/calculator.xlsx", "title": "Calculator"},
        ],
        "links": [{"title": "Video", "url": "https://video.example.org/1", "language": "nl"}],
    }
    data = _bundle([record], {"files/checklist.pdf": PDF, "files/calculator.xlsx": xlsx()})

    report = _import_bundle(data)

    practice = Practice.objects.get()
    assert report.created == 1
    attachments = list(practice.attachments.order_by("title"))
    assert [(a.title, a.extension, a.language) for a in attachments] == [
        ("Calculator", "xlsx", ""),
        ("Printable checklist", "pdf", "en"),
    ]
    with attachments[1].file.open("rb") as stored:
        assert stored.read() == PDF
    assert [(link.title, link.url, link.language) for link in practice.links.all()] == [
        ("Video", "https://video.example.org/1", "nl")
    ]


def test_zip_export_import_export_round_trips_without_change(tmp_path):
    record = {
        **RECORD,
        "attachments": [{"file": "a.pdf", "title": "Checklist", "language": "en"}],
        "links": [{"title": "Site", "url": "https://example.org/", "language": ""}],
    }
    _import_bundle(_bundle([record], {"a.pdf": PDF}))
    first = io.BytesIO()
    services.practices_export_zip(out=first)

    report = _import_bundle(first.getvalue())
    second = io.BytesIO()
    services.practices_export_zip(out=second)

    assert report.unchanged == 1 and Attachment.objects.count() == 1
    with zipfile.ZipFile(first) as a, zipfile.ZipFile(second) as b:
        assert a.namelist() == b.namelist()
        assert a.read("practices.jsonl") == b.read("practices.jsonl")
        exported = json.loads(a.read("practices.jsonl"))
        member = exported["attachments"][0]["file"]
        assert a.read(member) == PDF
    assert exported["attachments"][0] == {"file": member, "title": "Checklist", "language": "en"}


def test_plain_export_writes_download_addresses_and_reimports_unchanged(settings):
    settings.SITE_URL = "https://portal.example.org"
    _import_bundle(_bundle([{**RECORD, "attachments": [{"file": "a.pdf"}]}], {"a.pdf": PDF}))
    first = "".join(services.practices_export())
    attachment = Attachment.objects.get()

    report = services.practices_import(lines=first.splitlines())

    record = json.loads(first)
    assert record["attachments"] == [
        {
            "url": f"https://portal.example.org/knowledge/attachments/{attachment.uid}/",
            "title": "",
            "language": "",
        }
    ]
    assert report.unchanged == 1
    assert "".join(services.practices_export()) == first
    assert not PracticeLink.objects.exists()


def test_reimporting_changes_titles_and_drops_files_left_out():
    both = {**RECORD, "attachments": [{"file": "a.pdf"}, {"file": "b.xlsx"}]}
    _import_bundle(_bundle([both], {"a.pdf": PDF, "b.xlsx": xlsx()}))
    kept = Attachment.objects.get(extension="pdf")

    one = {**RECORD, "attachments": [{"file": "a.pdf", "title": "Renamed"}]}
    report = _import_bundle(_bundle([one], {"a.pdf": PDF}))

    assert report.updated == 1
    assert list(Attachment.objects.values_list("pk", "title")) == [(kept.pk, "Renamed")]


def test_a_record_without_the_keys_leaves_files_and_links_alone():
    full = {
        **RECORD,
        "attachments": [{"file": "a.pdf"}],
        "links": [{"title": "L", "url": "https://e.org/"}],
    }
    _import_bundle(_bundle([full], {"a.pdf": PDF}))

    report = services.practices_import(lines=[json.dumps({**RECORD, "title": "New title"})])

    assert report.updated == 1
    assert Attachment.objects.count() == 1 and PracticeLink.objects.count() == 1


def test_addresses_become_links_unless_fetching_is_allowed(monkeypatch):
    fetched = []
    monkeypatch.setattr(bundles, "fetch_url", lambda url: fetched.append(url) or PDF)
    record = {
        **RECORD,
        "attachments": [{"url": "https://files.example.org/guide.pdf", "title": "Guide"}],
    }

    services.practices_import(lines=[json.dumps(record)])

    assert fetched == [] and not Attachment.objects.exists()
    link = PracticeLink.objects.get()
    assert (link.title, link.url) == ("Guide", "https://files.example.org/guide.pdf")


def test_with_fetching_allowed_the_import_downloads_and_checks_the_file(settings, monkeypatch):
    settings.KNOWLEDGE_IMPORT_FETCH = True
    fetched = []
    monkeypatch.setattr(bundles, "fetch_url", lambda url: fetched.append(url) or PDF)
    record = {
        **RECORD,
        "attachments": [{"url": "https://files.example.org/guide.pdf", "title": "Guide"}],
    }

    services.practices_import(lines=[json.dumps(record)])

    assert fetched == ["https://files.example.org/guide.pdf"]  # once: checked, then kept
    attachment = Attachment.objects.get()
    assert (attachment.title, attachment.extension, attachment.original_name) == (
        "Guide",
        "pdf",
        "guide.pdf",
    )
    assert not PracticeLink.objects.exists()


def test_a_fetched_file_of_the_wrong_kind_fails_its_line(settings, monkeypatch):
    settings.KNOWLEDGE_IMPORT_FETCH = True
    monkeypatch.setattr(bundles, "fetch_url", lambda url: b"<html><script>x</script>")
    record = {**RECORD, "attachments": [{"url": "https://files.example.org/x.pdf"}]}

    with pytest.raises(services.ImportRefused) as refused:
        services.practices_import(lines=[json.dumps(record)])

    ((number, message),) = refused.value.report.errors
    assert number == 1 and message.startswith("attachments 1: https://files.example.org/x.pdf:")
    assert "not accepted" in message and not Practice.objects.exists()


def test_fetching_refuses_addresses_that_are_not_public():
    from django.core.exceptions import ValidationError

    for url in ("http://127.0.0.1/x.pdf", "http://10.0.0.1/x.pdf", "http://[::1]/x.pdf"):
        with pytest.raises(ValidationError, match="not a public one"):
            bundles.fetch_url(url)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"file": "a.pdf", "url": "https://e.org/a.pdf"}, "attachments 1: give either file or url"),
        ({}, "attachments 1: give either file or url"),
        ({"url": "javascript:alert(1)"}, "attachments 1: url is not a web address"),
        ({"file": "a.pdf", "colour": "red"}, "attachments 1: unknown keys: colour"),
        ({"file": "a.pdf", "language": "xx"}, "attachments 1: language must be one of"),
        ({"file": "a.pdf"}, "attachments 1: a.pdf: a file can only come inside a zip"),
    ],
)
def test_bad_attachment_entries_are_reported_with_their_line(entry, message):
    lines = [json.dumps({**RECORD, "id": "ok"}), json.dumps({**RECORD, "attachments": [entry]})]

    with pytest.raises(services.ImportRefused) as refused:
        services.practices_import(lines=lines)

    assert any(n == 2 and text.startswith(message) for n, text in refused.value.report.errors)
    assert not Practice.objects.exists()


@pytest.mark.parametrize(
    ("links", "message"),
    [
        ("https://e.org/", "links must be a list of objects"),
        ([{"url": "https://e.org/"}], "links 1: a link needs a title"),
        ([{"title": "x", "url": "file:///etc/passwd"}], "links 1: url is not a web address"),
        ([{"title": "x", "url": "https://e.org/"}] * 51, "links has more than 50 entries"),
    ],
)
def test_bad_links_are_reported(links, message):
    with pytest.raises(services.ImportRefused) as refused:
        services.practices_import(lines=[json.dumps({**RECORD, "links": links})])

    assert [text for _n, text in refused.value.report.errors] == [message]


def test_the_commands_import_and_export_zips(tmp_path):
    source = tmp_path / "in.zip"
    source.write_bytes(_bundle([{**RECORD, "attachments": [{"file": "a.pdf"}]}], {"a.pdf": PDF}))
    out = StringIO()

    call_command("import_practices", str(source), stdout=out)
    target = tmp_path / "out.zip"
    call_command("export_practices", str(target))
    call_command("import_practices", str(target), stdout=out)

    assert "1 created" in out.getvalue() and "1 unchanged" in out.getvalue()
    with zipfile.ZipFile(target) as archive:
        assert len([n for n in archive.namelist() if n.startswith("attachments/")]) == 1


def test_the_import_command_refuses_a_zip_without_a_jsonl_file(tmp_path):
    source = tmp_path / "in.zip"
    source.write_bytes(zip_of({"a.pdf": PDF}))

    with pytest.raises(CommandError, match=r"exactly one \.jsonl file"):
        call_command("import_practices", str(source), stdout=StringIO())


def test_the_admin_imports_a_zip_after_its_preview(staff):
    client = client_for(staff)
    data = _bundle(
        [{**RECORD, "attachments": [{"file": "a.pdf", "title": "Checklist"}]}], {"a.pdf": PDF}
    )

    preview = client.post(
        "/admin/knowledge/practice/import/",
        {"import_file": SimpleUploadedFile("practices.zip", data), "format": "3"},
    )

    assert preview.status_code == 200, preview.content.decode()[:3000]
    assert not Practice.objects.exists() and not Attachment.objects.exists()
    response = client.post(
        "/admin/knowledge/practice/process_import/", preview.context["confirm_form"].initial
    )
    assert response.status_code == 302
    assert Attachment.objects.get().title == "Checklist"


def test_the_admin_reimport_of_changed_files_alone_is_not_skipped(staff):
    _import_bundle(_bundle([{**RECORD, "attachments": [{"file": "a.pdf"}]}], {"a.pdf": PDF}))
    client = client_for(staff)
    data = _bundle(
        [{**RECORD, "attachments": [{"file": "a.pdf", "title": "Now titled"}]}], {"a.pdf": PDF}
    )

    preview = client.post(
        "/admin/knowledge/practice/import/",
        {"import_file": SimpleUploadedFile("practices.zip", data), "format": "3"},
    )
    client.post(
        "/admin/knowledge/practice/process_import/", preview.context["confirm_form"].initial
    )

    assert Attachment.objects.get().title == "Now titled"


def test_the_admin_refuses_a_zip_file_named_by_a_line_that_is_not_there(staff):
    data = _bundle([{**RECORD, "attachments": [{"file": "missing.pdf"}]}], {})

    response = client_for(staff).post(
        "/admin/knowledge/practice/import/",
        {"import_file": SimpleUploadedFile("practices.zip", data), "format": "3"},
    )

    assert response.status_code == 200
    assert (
        "line 1: attachments 1: there is no file missing.pdf in the zip"
        in response.content.decode()
    )
    assert response.context.get("confirm_form") is None


def test_import_files_default_to_the_setting(settings):
    settings.KNOWLEDGE_IMPORT_FETCH = True
    assert ImportFiles().fetch is True
