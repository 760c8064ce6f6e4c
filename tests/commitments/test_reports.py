"""Progress reports: one per pledge and period, drafts, evidence (links and files checked by
content), submission, the coordinator's review, and the emails on the way."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import uploads
from commitments import services
from commitments.models import Evidence, Pledge, ProgressReport, ReportState, Status
from tests.commitments.conftest import make_pledge, make_report
from tests.conftest import client_for
from tests.factories import MembershipFactory
from tests.security.hostile_files import DOCX, ODT, XLSX_PARTS, zip_of
from tests.utils import queries_for

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
XLSX = zip_of(XLSX_PARTS)


@pytest.fixture
def pledge(framework, association, emile) -> Pledge:
    return make_pledge(association, framework, "1.1")


@pytest.fixture
def emile_client(emile):
    return client_for(emile)


def test_admin_writes_a_draft_report(emile_client, pledge):
    url = reverse("commitments:report_create", args=[pledge.uid])
    page = emile_client.get(url).content.decode()
    assert "2026-H1" in page and "2025-H1" in page
    assert "2026-H2" not in page  # not started on 10 March 2026

    response = emile_client.post(
        url,
        {
            "period": "2025-H2",
            "status": Status.SUBSTANTIAL,
            "narrative": "Three regional workshops on the CSR guidelines.",
            "smes_reached": "42",
            "practices_used": "CSR guidelines for MTS enterprises",
        },
    )

    report = ProgressReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == report.get_absolute_url()
    assert (report.period, report.status, report.state) == ("2025-H2", 3, ReportState.DRAFT)
    assert report.smes_reached == 42


def test_one_report_per_pledge_and_period(emile_client, pledge):
    make_report(pledge, "2025-H2")
    url = reverse("commitments:report_create", args=[pledge.uid])

    response = emile_client.post(
        url, {"period": "2025-H2", "status": Status.LIMITED, "narrative": "Again."}
    )

    assert response.status_code == 400
    assert ProgressReport.objects.count() == 1


def test_enterprises_are_not_asked_for_smes_reached(alice_client, framework, org_a):
    pledge = make_pledge(org_a, framework, "1.1")
    page = alice_client.get(reverse("commitments:report_create", args=[pledge.uid]))
    assert "SMEs reached" not in page.content.decode()


def test_report_create_access(client, bob_client, charlie_client, framework, org_b, pledge):
    url = reverse("commitments:report_create", args=[pledge.uid])
    assert client.get(url).status_code == 302
    assert charlie_client.get(url).status_code == 404
    member_pledge = make_pledge(org_b, framework, "1.1")
    assert (
        bob_client.get(reverse("commitments:report_create", args=[member_pledge.uid])).status_code
        == 403
    )


def test_report_detail_is_private(client, charlie_client, coordinator, emile_client, pledge):
    report = make_report(pledge)
    url = report.get_absolute_url()
    pledge.is_public = True
    pledge.save(update_fields=["is_public"])

    assert emile_client.get(url).status_code == 200
    assert client_for(coordinator).get(url).status_code == 200
    assert charlie_client.get(url).status_code == 404  # even though the pledge is public
    assert client.get(url).status_code == 302


def test_edit_changes_a_draft_but_not_a_submitted_report(emile_client, pledge):
    report = make_report(pledge, status=Status.LIMITED)
    url = reverse("commitments:report_edit", args=[report.uid])

    emile_client.post(url, {"status": Status.COMPLETE, "narrative": "Done.", "smes_reached": ""})
    report.refresh_from_db()
    assert (report.status, report.narrative) == (Status.COMPLETE, "Done.")

    ProgressReport.objects.filter(pk=report.pk).update(state=ReportState.SUBMITTED)
    response = emile_client.post(url, {"status": Status.LIMITED, "narrative": "Sneaky."})
    report.refresh_from_db()
    assert response.status_code == 302
    assert report.narrative == "Done."


# --- Evidence ----------------------------------------------------------------------------------


def _evidence_kind(content: bytes) -> uploads.Kind:
    return uploads.validate(
        SimpleUploadedFile("evidence", content),
        accepted=services.EVIDENCE_KINDS,
        max_bytes=services.MAX_EVIDENCE_BYTES,
    )


@pytest.mark.parametrize(
    ("content", "extension"),
    [
        (PDF, "pdf"),
        (PNG, "png"),
        (b"\xff\xd8\xff\xe0" + b"0" * 20, "jpg"),
        (DOCX, "docx"),
        (XLSX, "xlsx"),
        (ODT, "odt"),
    ],
)
def test_accepted_files_are_recognised_by_content(content, extension):
    assert _evidence_kind(content).key == extension


@pytest.mark.parametrize(
    "content",
    [
        b"<html><script>alert(1)</script>",
        b"MZ\x90\x00 an exe",
        zip_of({"a.txt": b"x"}),
        b"PK\x03\x04 not really a zip",
    ],
)
def test_other_files_are_refused(content):
    with pytest.raises(ValidationError) as refused:
        _evidence_kind(content)
    assert refused.value.code == "not_accepted"


def test_file_evidence_is_stored_under_a_generated_name(emile_client, pledge, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = make_report(pledge)
    upload = SimpleUploadedFile("../../Our report.pdf.exe", PDF, content_type="text/html")

    response = emile_client.post(
        reverse("commitments:evidence_file_add", args=[report.uid]),
        {"file-title": "Workshop report", "file-file": upload},
    )

    evidence = Evidence.objects.get()
    assert response.status_code == 302
    assert evidence.content_type == "application/pdf"
    assert evidence.file.name.startswith("commitments/evidence/")
    assert evidence.file.name.endswith(".pdf")
    assert "Our" not in evidence.file.name
    assert (tmp_path / evidence.file.name).read_bytes() == PDF


def test_a_file_named_pdf_that_is_not_is_refused(emile_client, pledge, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = make_report(pledge)
    upload = SimpleUploadedFile("report.pdf", b"<html>not a pdf</html>")

    response = emile_client.post(
        reverse("commitments:evidence_file_add", args=[report.uid]), {"file-file": upload}
    )

    assert response.status_code == 400
    assert "not one of the accepted kinds" in response.content.decode()
    assert not Evidence.objects.exists()
    assert not any(tmp_path.rglob("*.*"))


def test_files_over_the_limit_are_refused(emile_client, pledge, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr("commitments.services.evidence.MAX_EVIDENCE_BYTES", 100)
    report = make_report(pledge)
    upload = SimpleUploadedFile("big.pdf", PDF + b"0" * 200)

    response = emile_client.post(
        reverse("commitments:evidence_file_add", args=[report.uid]), {"file-file": upload}
    )

    assert response.status_code == 400
    assert "larger than" in response.content.decode()
    assert not Evidence.objects.exists()


def test_evidence_downloads_only_for_those_who_see_the_report(
    emile_client, charlie_client, coordinator, pledge, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    report = make_report(pledge)
    emile_client.post(
        reverse("commitments:evidence_file_add", args=[report.uid]),
        {"file-title": "Scan", "file-file": SimpleUploadedFile("scan of the sheet.png", PNG)},
    )
    url = reverse("commitments:evidence", args=[Evidence.objects.get().uid])

    response = emile_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PNG
    assert client_for(coordinator).get(url).status_code == 200
    assert charlie_client.get(url).status_code == 404


def test_link_evidence_and_its_removal(emile_client, pledge):
    report = make_report(pledge)
    emile_client.post(
        reverse("commitments:evidence_link_add", args=[report.uid]),
        {"link-title": "Event page", "link-url": "https://example.org/event"},
    )
    evidence = Evidence.objects.get()
    remove = reverse("commitments:evidence_remove", args=[evidence.uid])

    assert emile_client.get(remove).status_code == 200  # asks first
    assert Evidence.objects.exists()
    emile_client.post(remove)
    assert not Evidence.objects.exists()


def test_bad_link_is_a_clear_400(emile_client, pledge):
    report = make_report(pledge)
    response = emile_client.post(
        reverse("commitments:evidence_link_add", args=[report.uid]),
        {"link-title": "x", "link-url": "not a link"},
    )
    assert response.status_code == 400
    assert "Enter a valid URL." in response.content.decode()


# --- Submission and review ---------------------------------------------------------------------


def test_progress_needs_evidence_before_submission(emile_client, pledge):
    report = make_report(pledge, status=Status.SUBSTANTIAL)

    response = emile_client.post(reverse("commitments:report_submit", args=[report.uid]))

    report.refresh_from_db()
    assert response.status_code == 302
    assert report.state == ReportState.DRAFT
    follow = emile_client.get(response["Location"]).content.decode()
    assert "needs evidence" in follow


def test_submit_return_resubmit_accept(
    emile_client, coordinator, pledge, django_capture_on_commit_callbacks
):
    report = make_report(pledge, status=Status.SUBSTANTIAL)
    Evidence.objects.create(report=report, title="Page", url="https://example.org/a")
    coordinator_client = client_for(coordinator)
    submit = reverse("commitments:report_submit", args=[report.uid])
    review = reverse("commitments:report_review", args=[report.uid])

    with django_capture_on_commit_callbacks(execute=True):
        emile_client.post(submit)
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    assert [m.to for m in mail.outbox] == [["coordinator@example.org"]]
    assert (
        report.get_absolute_url()
        in coordinator_client.get(reverse("commitments:review")).content.decode()
    )

    # Returning needs a comment.
    response = coordinator_client.post(review, {"decision": "return", "comment": ""})
    assert response.status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(review, {"decision": "return", "comment": "Name the events."})
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED
    returned = mail.outbox[-1]
    assert returned.to == ["emile@example.org"]
    assert "Name the events." in returned.body
    assert "Name the events." in emile_client.get(report.get_absolute_url()).content.decode()

    emile_client.post(
        reverse("commitments:report_edit", args=[report.uid]),
        {"status": Status.SUBSTANTIAL, "narrative": "Hanover and Milan fairs.", "smes_reached": 30},
    )
    with django_capture_on_commit_callbacks(execute=True):
        emile_client.post(submit)
        coordinator_client.post(review, {"decision": "accept", "comment": ""})
    report.refresh_from_db()
    pledge.refresh_from_db()
    assert report.state == ReportState.ACCEPTED
    assert report.reviewed_by == coordinator
    assert pledge.status == Status.SUBSTANTIAL
    assert [c.kind for c in report.comments.all()] == [
        "submitted",
        "returned",
        "submitted",
        "accepted",
    ]
    # Accepted is final.
    assert (
        coordinator_client.post(review, {"decision": "return", "comment": "x"}).status_code == 400
    )
    assert emile_client.post(submit).status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED


def test_pledge_status_is_that_of_the_latest_accepted_period(coordinator, pledge):
    newer = make_report(pledge, "2026-H1", status=Status.COMPLETE, state=ReportState.SUBMITTED)
    older = make_report(pledge, "2025-H2", status=Status.LIMITED, state=ReportState.SUBMITTED)

    services.report_review(report=newer, by=coordinator, accept=True)
    services.report_review(report=older, by=coordinator, accept=True)

    pledge.refresh_from_db()
    assert pledge.status == Status.COMPLETE


def test_only_coordinators_review(emile_client, charlie_client, staff, pledge):
    report = make_report(pledge, state=ReportState.SUBMITTED)
    review = reverse("commitments:report_review", args=[report.uid])

    assert emile_client.post(review, {"decision": "accept"}).status_code == 403
    assert charlie_client.post(review, {"decision": "accept"}).status_code == 404
    assert client_for(staff).post(review, {"decision": "accept"}).status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED


def test_review_queue_is_for_coordinators(alice_client, coordinator, pledge):
    assert alice_client.get(reverse("commitments:review")).status_code == 403
    assert client_for(coordinator).get(reverse("commitments:review")).status_code == 200


def test_submit_access(bob_client, charlie_client, framework, org_b, pledge):
    report = make_report(pledge)
    assert (
        charlie_client.post(reverse("commitments:report_submit", args=[report.uid])).status_code
        == 404
    )
    member_report = make_report(make_pledge(org_b, framework, "1.1"))
    assert (
        bob_client.post(reverse("commitments:report_submit", args=[member_report.uid])).status_code
        == 403
    )


def test_review_queue_and_report_pages_keep_their_queries(
    coordinator, framework, association, pledge
):
    client = client_for(coordinator)
    report = make_report(pledge, state=ReportState.SUBMITTED)
    queue = reverse("commitments:review")
    few_queue = queries_for(client, queue)
    few_report = queries_for(client, report.get_absolute_url())

    for code in ("1.2", "1.3", "2.1", "2.2", "3.1"):
        other = make_report(make_pledge(association, framework, code), state=ReportState.SUBMITTED)
        Evidence.objects.create(report=other, title="x", url="https://example.org/x")
    for n in range(4):
        Evidence.objects.create(report=report, title=f"e{n}", url="https://example.org/e")
    member = MembershipFactory(organisation=association)
    assert member

    assert queries_for(client, queue) == few_queue
    assert queries_for(client, report.get_absolute_url()) == few_report


def test_practices_used_link_to_the_knowledge_centre(emile_client, pledge):
    from tests.knowledge.conftest import make_practice

    audit = make_practice(title="Energy audit for small workshops")
    checklist = make_practice(title="Supplier checklist")
    make_practice(title="Unpublished draft", status="draft")
    url = reverse("commitments:report_create", args=[pledge.uid])

    emile_client.post(
        url,
        {
            "period": "2025-H2",
            "status": Status.LIMITED,
            "narrative": "We used two tools.",
            "practices_used": (
                f"https://portal.example.org/nl/knowledge/p/{audit.slug}/\n"
                "supplier CHECKLIST\n"
                "Unpublished draft\n"
                "Our own sector guide"
            ),
        },
    )

    report = ProgressReport.objects.get()
    assert set(report.practices.all()) == {audit, checklist}
    page = emile_client.get(report.get_absolute_url()).content.decode()
    assert f'href="{audit.get_absolute_url()}"' in page
    assert "Our own sector guide" in page
    assert "Unpublished draft" in page  # named, but not a published practice: kept as text
