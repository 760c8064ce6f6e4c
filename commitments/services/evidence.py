"""Evidence on a progress report: links and files, added and removed while it is editable."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

import uploads
from accounts.services import require_admin
from commitments.models import Evidence, ProgressReport
from commitments.services.reports import require_editable


def evidence_add_link(*, report: ProgressReport, by: Any, title: str, url: str) -> Evidence:
    require_admin(organisation=report.pledge.organisation, user=by)
    require_editable(report)
    return Evidence.objects.create(report=report, title=title.strip(), url=url)


# What evidence is comes from its content, never from its name (uploads.validate).
EVIDENCE_KINDS = ("pdf", "png", "jpg", "docx", "odt", "xlsx")
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024


def evidence_add_file(
    *, report: ProgressReport, by: Any, title: str, upload: UploadedFile
) -> Evidence:
    """Store an evidence file under a generated name, if its content is an accepted type."""
    require_admin(organisation=report.pledge.organisation, user=by)
    require_editable(report)
    kind = uploads.validate(
        upload,
        accepted=EVIDENCE_KINDS,
        max_bytes=MAX_EVIDENCE_BYTES,
        not_accepted=_("This file is not one of the accepted kinds: %(kinds)s."),
    )
    evidence = Evidence(
        report=report,
        title=title.strip() or uploads.safe_name(upload.name, extension=kind.key),
        **uploads.details(upload, kind, default="evidence"),
    )
    evidence.file.save("upload", upload, save=False)
    try:
        evidence.save()
    except Exception:
        # No row, no file: a failed write must not leave an orphan upload behind.
        evidence.file.storage.delete(evidence.file.name)
        raise
    return evidence


def evidence_remove(*, evidence: Evidence, by: Any) -> None:
    report = evidence.report
    require_admin(organisation=report.pledge.organisation, user=by)
    require_editable(report)
    stored = evidence.file if evidence.file else None
    with transaction.atomic():
        Evidence.objects.filter(pk=evidence.pk).delete()
        if stored is not None:
            name, storage = stored.name, stored.storage
            transaction.on_commit(lambda: storage.delete(name))
