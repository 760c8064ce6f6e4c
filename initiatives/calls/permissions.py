"""Who may see and do what with calls, proposals and reviews, written once for selectors,
services and views.

- A call a curator has not opened is seen by curators only; an opened call by everyone.
- A proposal is its organisation's (members read, administrators write), the curators', and,
  once submitted and the call's deadline passed, its call's reviewers' — except a reviewer's
  own organisation's proposal, which they neither review nor see as a reviewer.
- Curators are the staff who may change calls in the admin (``initiatives.change_call``), as
  the library's curators are the staff who may change practices.

Anyone else gets the same 404 as for a missing object.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from accounts.models import Membership, Role
from initiatives.calls.models import Call, Proposal, Reviewer

CURATOR_PERMISSION = "initiatives.change_call"


def is_curator(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_staff and user.has_perm(CURATOR_PERMISSION))


@dataclass(frozen=True)
class CallsViewer:
    """What the calls need to know of the person looking, read once per request."""

    user_id: int | None
    curator: bool
    member_of: frozenset[int]
    admin_of: frozenset[int]
    # The calls (ids) the person reviews.
    reviews: frozenset[int]

    @property
    def is_reviewer(self) -> bool:
        return bool(self.reviews)

    def sees_call(self, call: Call) -> bool:
        return call.is_published or self.curator

    def sees_proposal(self, proposal: Proposal, call: Call) -> bool:
        return (
            self.curator
            or proposal.organisation_id in self.member_of
            or self.reviews_proposal(proposal, call)
        )

    def is_applicant(self, proposal: Proposal) -> bool:
        return proposal.organisation_id in self.member_of

    def edits_proposal(self, proposal: Proposal) -> bool:
        return proposal.organisation_id in self.admin_of

    def reviews_proposal(self, proposal: Proposal, call: Call) -> bool:
        return (
            call.pk in self.reviews
            and not proposal.is_draft
            and not call.is_open
            and proposal.organisation_id not in self.member_of
        )


ANONYMOUS = CallsViewer(
    user_id=None, curator=False, member_of=frozenset(), admin_of=frozenset(), reviews=frozenset()
)


def calls_viewer_of(user: Any) -> CallsViewer:
    """Two queries for a signed-in person (their memberships, the calls they review), none
    for a visitor."""
    if not user.is_authenticated:
        return ANONYMOUS
    roles = list(Membership.objects.filter(user=user).values_list("organisation_id", "role"))
    return CallsViewer(
        user_id=user.pk,
        curator=is_curator(user),
        member_of=frozenset(org for org, _ in roles),
        admin_of=frozenset(org for org, role in roles if role == Role.ADMIN),
        reviews=frozenset(Reviewer.objects.filter(user=user).values_list("call_id", flat=True)),
    )
