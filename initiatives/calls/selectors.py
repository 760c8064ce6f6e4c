"""Reads of the calls: lists, the access helpers (404 for what the viewer may not see), the
reviewer's queue, the reviews of a proposal as the viewer may see them, and the ranking."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from initiatives.calls.models import (
    Call,
    Criterion,
    Proposal,
    ProposalState,
    Review,
    Score,
)
from initiatives.calls.permissions import CallsViewer


def open_calls() -> QuerySet[Call]:
    """Calls taking proposals, the nearest deadline first."""
    return Call.objects.accepting().prefetch_related("themes").order_by("deadline", "pk")


def closed_calls() -> QuerySet[Call]:
    """Calls past their deadline, the latest first, with how many proposals were accepted."""
    return (
        Call.objects.closed()
        .prefetch_related("themes")
        .annotate(
            accepted=Count("proposals", filter=Q(proposals__state=ProposalState.ACCEPTED)),
        )
        .order_by("-deadline", "pk")
    )


def get_call(viewer: CallsViewer, uid: str) -> Call:
    call = Call.objects.filter(uid=uid).first()
    if call is None or not viewer.sees_call(call):
        raise Http404
    return call


def criteria_of(call: Call) -> list[Criterion]:
    return list(call.criteria.all())


def proposals_of_viewer(viewer: CallsViewer, call: Call) -> list[Proposal]:
    """The proposals of the viewer's organisations in ``call``."""
    if not viewer.member_of:
        return []
    return list(
        call.proposals.filter(organisation_id__in=viewer.member_of).select_related("organisation")
    )


def accepted_of(call: Call) -> list[Proposal]:
    """The accepted proposals of a call, shown on its public page once decided."""
    return list(
        call.proposals.filter(state=ProposalState.ACCEPTED)
        .select_related("organisation")
        .order_by("title", "pk")
    )


def get_proposal(viewer: CallsViewer, uid: str) -> Proposal:
    proposal = (
        Proposal.objects.filter(uid=uid)
        .select_related("call", "organisation", "initiative")
        .first()
    )
    if proposal is None or not viewer.sees_proposal(proposal, proposal.call):
        raise Http404
    return proposal


def files_of(proposal: Proposal) -> list:
    return list(proposal.files.all())


def reviewer_queue(viewer: CallsViewer) -> QuerySet[Proposal]:
    """Proposals the viewer reviews: submitted to a call of theirs now past its deadline, not
    of their own organisations; those still to review first, then by the review deadline."""
    mine = Review.objects.filter(proposal=OuterRef("pk"), reviewer_id=viewer.user_id)
    return (
        Proposal.objects.submitted()
        .filter(call_id__in=viewer.reviews, call__deadline__lte=timezone.now())
        .exclude(organisation_id__in=viewer.member_of)
        .select_related("call", "organisation")
        .annotate(
            reviewed=Exists(mine.filter(submitted_at__isnull=False)),
            started=Exists(mine),
        )
        .order_by("reviewed", "call__review_deadline", "title", "pk")
    )


@dataclass(frozen=True)
class ReviewView:
    """A review with its scores by criterion, and its weighted total (0 to 5) once complete."""

    review: Review
    scores: dict[int, Score]
    total: Decimal | None


def weighted(
    scores: dict[int, Score], criteria: list[Criterion], *, rounded: bool = True
) -> Decimal | None:
    """The weighted mean of one review's scores, or None until every criterion is scored."""
    if not criteria or any(c.pk not in scores for c in criteria):
        return None
    weights = sum(c.weight for c in criteria)
    total = sum(scores[c.pk].value * c.weight for c in criteria)
    exact = Decimal(total) / Decimal(weights)
    return exact.quantize(Decimal("0.01"), ROUND_HALF_UP) if rounded else exact


def reviews_of(proposal: Proposal, criteria: list[Criterion]) -> list[ReviewView]:
    reviews = (
        proposal.reviews.select_related("reviewer")
        .prefetch_related("scores")
        .order_by("submitted_at", "pk")
    )
    views = []
    for review in reviews:
        scores = {score.criterion_id: score for score in review.scores.all()}
        views.append(ReviewView(review, scores, weighted(scores, criteria)))
    return views


@dataclass(frozen=True)
class ReviewsSeen:
    """What the viewer sees of a proposal's reviews: their own, and the others' only once
    they submitted their own (curators see all)."""

    own: ReviewView | None
    others: list[ReviewView]
    others_hidden: int
    mean: Decimal | None


def reviews_seen(viewer: CallsViewer, proposal: Proposal, criteria: list[Criterion]) -> ReviewsSeen:
    views = reviews_of(proposal, criteria)
    own = next((v for v in views if v.review.reviewer_id == viewer.user_id), None)
    submitted = [v for v in views if v.review.submitted_at and v is not own]
    may_see = viewer.curator or (own is not None and own.review.submitted_at is not None)
    # The mean of the exact totals, rounded once (as the ranking computes it).
    exact = [weighted(v.scores, criteria, rounded=False) for v in views if v.review.submitted_at]
    complete = [total for total in exact if total is not None]
    mean = _mean(complete) if may_see else None
    if may_see:
        return ReviewsSeen(own, submitted, 0, mean)
    return ReviewsSeen(own, [], len(submitted), None)


def _mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values) / len(values)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def ranking(call: Call) -> list[Proposal]:
    """The call's submitted proposals by weighted mean score (the mean over submitted reviews
    of each review's weighted mean), the highest first; unscored ones last. Three queries."""
    criteria = criteria_of(call)
    weights = sum(c.weight for c in criteria)
    submitted = Q(review__submitted_at__isnull=False)
    points = (
        Score.objects.filter(submitted, review__proposal=OuterRef("pk"))
        .values("review__proposal")
        .annotate(points=Sum(F("value") * F("criterion__weight")))
        .values("points")
    )
    done = (
        Review.objects.filter(proposal=OuterRef("pk"), submitted_at__isnull=False)
        .values("proposal")
        .annotate(n=Count("pk"))
        .values("n")
    )
    proposals = list(
        call.proposals.submitted()
        .select_related("organisation", "initiative")
        .annotate(
            points=Coalesce(Subquery(points, output_field=IntegerField()), Value(0)),
            reviews_done=Coalesce(Subquery(done, output_field=IntegerField()), Value(0)),
        )
        .order_by("title", "pk")
    )
    for proposal in proposals:
        proposal.mean = (
            (Decimal(proposal.points) / Decimal(weights * proposal.reviews_done)).quantize(
                Decimal("0.01"), ROUND_HALF_UP
            )
            if proposal.reviews_done and weights
            else None
        )
    proposals.sort(key=lambda p: (p.mean is None, -(p.mean or 0)))
    return proposals
