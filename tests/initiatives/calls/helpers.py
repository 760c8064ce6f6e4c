"""Making calls, proposals and reviews directly (the services are tested on their own)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import Organisation, Role
from initiatives.calls import services
from initiatives.calls.models import Call, CallState, Criterion, Proposal, ProposalState, Reviewer
from taxonomy.models import Theme
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "plan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def make_call(
    *,
    title: str = "New CSR projects in SMEs",
    open_days: float = 10,
    review_days: float = 20,
    state: str = CallState.OPEN,
    criteria: Sequence[tuple[str, int]] = (("Relevance for SMEs", 2), ("Feasibility", 1)),
    reviewers: Iterable[Any] = (),
    themes: Sequence[str] = ("sme-growth",),
) -> Call:
    """A call whose deadline is ``open_days`` from now (negative: closed) and whose reviews
    are due ``review_days`` from now."""
    now = timezone.now()
    call = Call.objects.create(
        title=title,
        text="## Who may apply\n\nAny organisation with a project on **CSR in SMEs**.",
        state=state,
        deadline=now + timedelta(days=open_days),
        review_deadline=now + timedelta(days=review_days),
        opened_at=now if state == CallState.OPEN else None,
    )
    call.themes.set(Theme.objects.filter(slug__in=themes))
    for order, (name, weight) in enumerate(criteria):
        Criterion.objects.create(call=call, title=name, weight=weight, order=order)
    for user in reviewers:
        Reviewer.objects.create(call=call, user=user)
    return call


def applicant(name: str = "Flemish Training Centre") -> tuple[Organisation, Any]:
    organisation = OrganisationFactory(name=name)
    user = UserFactory()
    MembershipFactory(user=user, organisation=organisation, role=Role.ADMIN)
    return organisation, user


def make_proposal(
    call: Call,
    organisation: Organisation,
    by: Any,
    *,
    title: str = "CSR modules for vocational training",
    submitted: bool = True,
) -> Proposal:
    """A proposal written while the call was open (whatever its deadline now)."""
    proposal = Proposal.objects.create(
        call=call,
        organisation=organisation,
        created_by=by,
        title=title,
        summary="Short CSR modules for trainers.",
        description="We write **four modules**.",
    )
    if submitted:
        Proposal.objects.filter(pk=proposal.pk).update(
            state=ProposalState.SUBMITTED, submitted_at=timezone.now()
        )
        proposal.refresh_from_db()
    return proposal


def score_all(proposal: Proposal, reviewer: Any, values: Sequence[int], *, submit: bool = True):
    criteria = list(proposal.call.criteria.all())
    return services.review_save(
        proposal=proposal,
        by=reviewer,
        scores={c.pk: (v, "") for c, v in zip(criteria, values, strict=True)},
        submit=submit,
    )


def close(call: Call) -> Call:
    """Move the call's deadline into the past (reviews stay due later)."""
    now = timezone.now()
    Call.objects.filter(pk=call.pk).update(deadline=now - timedelta(minutes=1))
    call.refresh_from_db()
    return call
