"""Every upload in the portal against one corpus of hostile files (tests/security/hostile_files.py).

Each hostile file is refused with a clear message (a form error or a 4xx, never a 500) and
leaves nothing behind: no file under MEDIA_ROOT, no database row. Valid files are still
accepted, stored under a generated name inside MEDIA_ROOT, and shown under a safe name:
content decides what a file is, and a hostile *name* on a valid file is cleaned, not refused
(uploads.safe_name; docs/security.md).

The files are posted as a browser sends them, in a multipart body written here, so names with
folders, backslashes or NUL bytes reach Django's parser as they would from the wire.
"""

from __future__ import annotations

import io
import unicodedata
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db.models.fields.files import FieldFile
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

import uploads
from commitments.models import Evidence
from forum import services as forum_services
from forum.models import Body, BodyKind, DocumentVersion
from knowledge.models import Attachment
from tests.commitments.conftest import (  # noqa: F401 — fixtures
    association,
    coordinator,
    emile,
    framework,
    make_pledge,
    make_report,
)
from tests.conftest import client_for
from tests.forum.factories import MeetingFactory
from tests.security import hostile_files

pytestmark = pytest.mark.django_db

HOSTILE = hostile_files.hostile()
GOOD = hostile_files.good()


def multipart(fields: dict[str, str], file_field: str, name: str, content: bytes) -> bytes:
    """A multipart/form-data body, with the file name as raw UTF-8 as browsers send it."""
    boundary = BOUNDARY.encode()
    parts = [
        b'--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n'
        % (boundary, key.encode(), value.encode())
        for key, value in fields.items()
    ]
    quoted = name.replace("\\", "\\\\").replace('"', '\\"').encode("utf-8", "surrogatepass")
    parts.append(
        b'--%s\r\nContent-Disposition: form-data; name="%s"; filename="%s"\r\n'
        b"Content-Type: application/octet-stream\r\n\r\n%s\r\n"
        % (boundary, file_field.encode(), quoted, content)
    )
    return b"".join(parts) + b"--%s--\r\n" % boundary


BOUNDARY = f"hostile-{uuid.uuid4().hex}"


@dataclass
class Target:
    """One upload of the portal: where it posts, what it accepts, how it shows what it kept."""

    client: Client
    url: str
    file_field: str
    fields: dict[str, str]
    kinds: tuple[str, ...]
    refusals: tuple[str, ...]
    kept: Callable[[], tuple[str, FieldFile]] = field(repr=False)

    def post(self, name: str, content: bytes) -> HttpResponse:
        body = multipart(self.fields, self.file_field, name, content)
        return self.client.post(
            self.url, body, content_type=f"multipart/form-data; boundary={BOUNDARY}"
        )


def _knowledge_submission(request: pytest.FixtureRequest) -> Target:
    def kept() -> tuple[str, FieldFile]:
        attachment = Attachment.objects.get()
        return attachment.original_name, attachment.file

    return Target(
        client=client_for(request.getfixturevalue("charlie")),
        url="/knowledge/submit/",
        file_field="attachment",
        fields={
            "title": "Our waste plan",
            "summary": "How we halved our waste.",
            "type": "good-practice",
            "language": "en",
        },
        kinds=("pdf", "docx", "odt", "xlsx", "pptx", "png", "jpg"),
        refusals=("This file type is not accepted", "larger than 20 MB", "file is empty"),
        kept=kept,
    )


def _commitments_evidence(request: pytest.FixtureRequest) -> Target:
    pledge = make_pledge(
        request.getfixturevalue("association"), request.getfixturevalue("framework"), "1.1"
    )
    report = make_report(pledge)

    def kept() -> tuple[str, FieldFile]:
        evidence = Evidence.objects.get()
        return evidence.original_name, evidence.file

    return Target(
        client=client_for(request.getfixturevalue("emile")),
        url=reverse("commitments:evidence_file_add", args=[report.uid]),
        file_field="file-file",
        fields={"file-title": ""},
        kinds=("pdf", "png", "jpg", "docx", "odt", "xlsx"),
        refusals=("not one of the accepted kinds", "larger than 10 MB", "file is empty"),
        kept=kept,
    )


def _initiative_file(request: pytest.FixtureRequest) -> Target:
    from initiatives import services as initiatives_services
    from initiatives.models import Resource

    alice = request.getfixturevalue("alice")
    initiative = initiatives_services.register_initiative(
        request.getfixturevalue("org_a"), by=alice, title="Safe hands", description="Training."
    )

    def kept() -> tuple[str, FieldFile]:
        resource = Resource.objects.get()
        return resource.original_name, resource.file

    return Target(
        client=client_for(alice),
        url=reverse("initiatives:file_add", args=[initiative.uid]),
        file_field="upload",
        fields={"title": ""},
        kinds=initiatives_services.RESOURCE_KINDS,
        refusals=("not one of the accepted kinds", "larger than 10 MB", "file is empty"),
        kept=kept,
    )


FORUM_REFUSALS = ("Upload a PDF or an office document", "larger than 20 MB", "file is empty")


def _forum_meeting(request: pytest.FixtureRequest):
    body = Body.objects.create(name="European Multistakeholder Forum on CSR", kind=BodyKind.FORUM)
    return MeetingFactory(body=body, title="Review meeting")


def _forum_version_kept() -> tuple[str, FieldFile]:
    version = DocumentVersion.objects.order_by("-pk").first()
    return version.filename, version.file


def _forum_document(request: pytest.FixtureRequest) -> Target:
    meeting = _forum_meeting(request)
    return Target(
        client=client_for(request.getfixturevalue("secretariat")),
        url=reverse("forum:document_add", args=[meeting.uid]),
        file_field="file",
        fields={"title": "Background paper", "agenda_item": ""},
        kinds=forum_services.ACCEPTED_KINDS,
        refusals=FORUM_REFUSALS,
        kept=_forum_version_kept,
    )


def _forum_document_version(request: pytest.FixtureRequest) -> Target:
    meeting = _forum_meeting(request)
    secretariat = request.getfixturevalue("secretariat")
    document = forum_services.document_upload(
        meeting=meeting,
        by=secretariat,
        title="Background paper",
        upload=_upload("paper.pdf", hostile_files.PDF),
    )
    return Target(
        client=client_for(secretariat),
        url=reverse("forum:document_version_add", args=[document.uid]),
        file_field="file",
        fields={"note": "Figures updated"},
        kinds=forum_services.ACCEPTED_KINDS,
        refusals=FORUM_REFUSALS,
        kept=_forum_version_kept,
    )


def _knowledge_import(request: pytest.FixtureRequest) -> Target:
    def kept() -> tuple[str, FieldFile]:
        raise AssertionError("the import keeps no file")

    return Target(
        client=client_for(request.getfixturevalue("staff")),
        url="/admin/knowledge/practice/import/",
        file_field="import_file",
        fields={"format": "0"},
        kinds=(),  # JSON Lines only: tests/knowledge/test_import_export.py
        refusals=(
            "larger than 10 MB",
            "file is empty",
            "not a JSON Lines file",
            "not valid JSON",
        ),
        kept=kept,
    )


def _upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


TARGETS = {
    "knowledge-submission": _knowledge_submission,
    "commitments-evidence": _commitments_evidence,
    "initiative-file": _initiative_file,
    "forum-document": _forum_document,
    "forum-document-version": _forum_document_version,
    "knowledge-admin-import": _knowledge_import,
}


@pytest.fixture(params=list(TARGETS))
def target(request) -> Target:
    made = TARGETS[request.param](request)
    made.client.raise_request_exception = False
    return made


def _media_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model is not Session and not model._meta.proxy
    }


@pytest.mark.parametrize("sample", HOSTILE)
def test_a_hostile_file_is_refused_and_leaves_nothing(target, sample):
    files_before, rows_before = _media_files(), _row_counts()

    response = target.post(sample.name, sample.content)

    assert response.status_code in (200, 400), response.status_code
    page = response.content.decode()
    assert any(message in page for message in target.refusals), page[-3000:]
    assert _media_files() == files_before
    assert _row_counts() == rows_before


@pytest.mark.parametrize("sample", GOOD)
def test_a_valid_file_is_kept_under_a_generated_name_and_shown_under_a_safe_one(target, sample):
    files_before, rows_before = _media_files(), _row_counts()

    response = target.post(sample.name, sample.content)

    if sample.kind not in target.kinds:
        assert response.status_code in (200, 400)
        assert any(message in response.content.decode() for message in target.refusals)
        assert _media_files() == files_before and _row_counts() == rows_before
        return
    assert response.status_code == 302, response.content.decode()[-3000:]
    shown, stored = target.kept()
    assert shown == sample.shown
    assert not any(unicodedata.category(ch) in {"Cc", "Cf"} for ch in shown)
    new_files = _media_files() - files_before
    assert len(new_files) == 1
    (path,) = new_files
    media = Path(settings.MEDIA_ROOT).resolve()
    assert path.resolve().is_relative_to(media)
    assert path == media / stored.name
    assert path.suffix == f".{sample.kind}"
    assert path.stem not in sample.name and path.name != "passwd"
    assert path.read_bytes() == sample.content


# --- The sniffer itself -----------------------------------------------------------------------


@pytest.mark.parametrize("sample", GOOD)
def test_the_sniffer_recognises_each_valid_file(sample):
    assert uploads.sniff(io.BytesIO(sample.content)) == sample.kind


@pytest.mark.parametrize(
    ("sample", "kind"),
    [
        pytest.param(hostile_files.bomb(hostile_files.DOCX_PARTS, "word/document.xml"), "docx"),
        pytest.param(hostile_files.bomb(hostile_files.XLSX_PARTS, "xl/workbook.xml"), "xlsx"),
        pytest.param(hostile_files.bomb(hostile_files.ODT_PARTS, "content.xml"), "odt"),
        pytest.param(hostile_files.nested_bomb(), "docx"),
        pytest.param(hostile_files.many_members(), "xlsx"),
    ],
)
def test_the_bombs_are_well_formed_office_files_refused_only_for_their_size(
    sample, kind, monkeypatch
):
    # Without the limits each bomb reads as the office file it pretends to be: they are
    # refused for what they unpack to, not for being damaged.
    assert uploads.sniff(io.BytesIO(sample)) is None
    monkeypatch.setattr(uploads, "MAX_UNPACKED_BYTES", 2**40)
    monkeypatch.setattr(uploads, "MAX_MEMBERS", 10**6)
    monkeypatch.setattr(uploads, "MAX_RATIO", 10**9)
    monkeypatch.setattr(uploads, "MAX_NESTING", 10)
    monkeypatch.setattr(uploads, "MAX_NESTED_BYTES", 2**40)
    assert uploads.sniff(io.BytesIO(sample)) == kind


def test_a_long_member_is_not_read_whole(monkeypatch):
    reads: list[int] = []
    original = zipfile.ZipExtFile.read

    def read(self, n=-1):
        reads.append(n)
        return original(self, n)

    monkeypatch.setattr(zipfile.ZipExtFile, "read", read)
    odt = hostile_files.zip_of(
        {"mimetype": hostile_files.ODT_MARKER + b" " * (20 * 1024 * 1024), "content.xml": b"<x/>"}
    )

    assert uploads.sniff(io.BytesIO(odt)) is None
    assert all(0 <= n <= 1024 for n in reads)


def test_a_document_may_embed_one_other():
    # A presentation with a chart's workbook inside: one level of nesting is normal.
    workbook = hostile_files.zip_of(hostile_files.XLSX_PARTS)
    docx = hostile_files.zip_of(
        {**hostile_files.DOCX_PARTS, "word/embeddings/Workbook1.xlsx": workbook}
    )
    assert uploads.sniff(io.BytesIO(docx)) == "docx"


@pytest.mark.parametrize(
    ("name", "extension", "shown"),
    [
        ("report.pdf", "pdf", "report.pdf"),
        ("REPORT.PDF", "pdf", "REPORT.pdf"),
        ("../../etc/passwd", "pdf", "passwd.pdf"),
        ("..\\..\\boot.ini", "pdf", "boot.ini.pdf"),
        ("a\x00b.pdf", "pdf", "ab.pdf"),
        ("invoice\u202efdp.exe", "pdf", "invoicefdp.exe.pdf"),
        ("zero\u200bwidth.png", "png", "zerowidth.png"),
        ("...", "pdf", "file.pdf"),
        ("", "docx", "file.docx"),
        (None, "odt", "file.odt"),
        ("x" * 400 + ".pdf", "pdf", "x" * 146 + ".pdf"),
    ],
)
def test_safe_name(name, extension, shown):
    assert uploads.safe_name(name, extension=extension) == shown
