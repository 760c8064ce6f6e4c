"""The calls' block of "Your portal" (composed by ``portal``): the drafts of the person's
organisations in calls still open, and for a reviewer the proposals waiting for their review.
Five queries at most, however many rows (tests/initiatives/calls/test_start.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from initiatives.calls import selectors
from initiatives.calls.models import Call, Proposal, ProposalState
from initiatives.calls.permissions import calls_viewer_of

SHOWN = 5


@dataclass(frozen=True)
class CallsWork:
    # Drafts of organisations the person administers, in calls taking proposals.
    drafts: list[Proposal]
    # Proposals waiting for the person's review (the first few) and how many; None for people
    # who review no call.
    to_review: list[Proposal] | None
    waiting: int

    @property
    def exists(self) -> bool:
        return bool(self.drafts) or self.to_review is not None


def calls_work_of(user: Any, *, limit: int = SHOWN) -> CallsWork:
    viewer = calls_viewer_of(user)
    drafts = (
        list(
            Proposal.objects.filter(
                state=ProposalState.DRAFT,
                organisation_id__in=viewer.admin_of,
                call__in=Call.objects.accepting(),
            )
            .select_related("call")
            .order_by("call__deadline", "pk")[:limit]
        )
        if viewer.admin_of
        else []
    )
    if not viewer.is_reviewer:
        return CallsWork(drafts=drafts, to_review=None, waiting=0)
    waiting = selectors.reviewer_queue(viewer).filter(reviewed=False)
    return CallsWork(drafts=drafts, to_review=list(waiting[:limit]), waiting=waiting.count())
