"""What the calls for projects hold about a person or an organisation, for the GDPR registry
(``accounts.hooks``)."""

from __future__ import annotations

from typing import Any

import uploads
from accounts.hooks import PersonalData
from initiatives.calls.models import Proposal, ProposalFile, Review, Reviewer


def export(user: Any) -> dict[str, Any]:
    return {
        "proposals_you_wrote": [
            {
                "call": p.call.title,
                "organisation": p.organisation.name,
                "title": p.title,
                "state": p.state,
                "created": p.created_at.isoformat(),
            }
            for p in Proposal.objects.filter(created_by=user).select_related("call", "organisation")
        ],
        "calls_you_review": [
            r.call.title for r in Reviewer.objects.filter(user=user).select_related("call")
        ],
        "your_reviews": [
            {
                "call": r.proposal.call.title,
                "proposal": r.proposal.title,
                "submitted": r.submitted_at.isoformat() if r.submitted_at else None,
                "scores": [
                    {"criterion": s.criterion.title, "score": s.value, "comment": s.comment}
                    for s in r.scores.all()
                ],
            }
            for r in Review.objects.filter(reviewer=user)
            .select_related("proposal__call")
            .prefetch_related("scores__criterion")
        ],
    }


def organisation_erasing(organisation: Any) -> None:
    # The proposals go with the organisation (CASCADE); their stored files after commit.
    uploads.delete_after_commit(
        item.file for item in ProposalFile.objects.filter(proposal__organisation=organisation)
    )


ENTRY = PersonalData(
    section="calls",
    covers={
        "initiatives.Call": "the curator who created a call is set to null; the call stays",
        "initiatives.Reviewer": "deleted with the account",
        "initiatives.Proposal": "deleted with the organisation, with its files and reviews; the"
        " person who wrote or decided one is set to null",
        "initiatives.Review": "a reviewer's reviews stay with the proposal without the reviewer,"
        " so the ranking the applicants were told about does not change",
    },
    export=export,
    organisation_erasing=organisation_erasing,
)
