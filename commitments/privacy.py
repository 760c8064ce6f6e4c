"""What the sector commitments hold about a person or an organisation, for the GDPR registry
(``accounts.hooks``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

import uploads
from accounts.hooks import PersonalData
from commitments.models import Evidence, Follow, Framework, Pledge, ProgressReport, ReportComment


def export(user: Any) -> dict[str, Any]:
    return {
        "frameworks_you_coordinate": [f.title for f in Framework.objects.filter(coordinators=user)],
        "pledges_you_made": [
            {
                "organisation": p.organisation.name,
                "target": p.target_code,
                "target_date": p.target_date.isoformat(),
                "public": p.is_public,
                "created": p.created.isoformat(),
            }
            for p in Pledge.objects.filter(created_by=user).select_related(
                "organisation", "action", "sub_item"
            )
        ],
        "reports_you_wrote_or_reviewed": [
            {
                "pledge": str(r.pledge),
                "period": r.period,
                "state": r.state,
                "you": [
                    role
                    for role, pk in (("wrote", r.created_by_id), ("reviewed", r.reviewed_by_id))
                    if pk == user.pk
                ],
                "evidence": [e.title for e in r.evidence.all()],
            }
            for r in ProgressReport.objects.filter(Q(created_by=user) | Q(reviewed_by=user))
            .select_related("pledge__organisation", "pledge__action", "pledge__sub_item")
            .prefetch_related("evidence")
        ],
        "comments": [
            {"report": str(c.report), "kind": c.kind, "text": c.body, "when": c.created.isoformat()}
            for c in ReportComment.objects.filter(author=user).select_related(
                "report__pledge__organisation", "report__pledge__action", "report__pledge__sub_item"
            )
        ],
        "following": [
            str(f.action or f.pledge)
            for f in Follow.objects.filter(user=user).select_related(
                "action", "pledge__organisation", "pledge__action", "pledge__sub_item"
            )
        ],
    }


def organisation_erasing(organisation: Any) -> None:
    # The rows go with the organisation (CASCADE); the files on disk would not.
    uploads.delete_after_commit(
        e.file for e in Evidence.objects.filter(report__pledge__organisation=organisation)
    )


ENTRY = PersonalData(
    section="commitments",
    covers={
        "commitments.Framework": "kept; the person leaves its coordinators",
        "commitments.Framework_coordinators": "deleted with the account",
        "commitments.Pledge": "kept for the organisation, the author set to null; deleted"
        " with the organisation, with its reports and evidence files",
        "commitments.ProgressReport": "kept for the organisation, author and reviewer set to"
        " null; deleted with the organisation",
        "commitments.ReportComment": "kept in the report's review, the author set to null",
        "commitments.Follow": "deleted with the account",
    },
    export=export,
    organisation_erasing=organisation_erasing,
    mentions=["commitments.ReportComment", "commitments.ProgressReport"],
)
