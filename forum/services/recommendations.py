"""Recommendations of a body, their reviews at meetings and the reasoned response."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.models import (
    Body,
    Meeting,
    Member,
    Recommendation,
    RecommendationReview,
)
from forum.permissions import require_manager
from forum.services.mail import (
    TOPIC_RECOMMENDATIONS,
    mail_member,
)
from pagecache import invalidates


@invalidates("forum")
def recommendation_create(
    *,
    body: Body,
    by: Any,
    reference: str,
    title: str,
    text: str,
    raised_by: list[Member] | None = None,
) -> Recommendation:
    require_manager(by, body)
    if Recommendation.objects.filter(body=body, reference=reference).exists():
        raise ValidationError({"reference": _("Another recommendation has this reference.")})
    with transaction.atomic():
        recommendation = Recommendation.objects.create(
            body=body, reference=reference, title=title, text=text
        )
        recommendation.raised_by.set(raised_by or [])
    return recommendation


@transaction.atomic
@invalidates("forum")
def recommendation_review(
    *, recommendation: Recommendation, by: Any, meeting: Meeting, status: str, note: str = ""
) -> RecommendationReview:
    require_manager(by, recommendation.body)
    if meeting.body_id != recommendation.body_id:
        raise ValidationError(_("Choose a meeting of the same body."))
    review = RecommendationReview.objects.create(
        recommendation=recommendation, meeting=meeting, status=status, note=note, created_by=by
    )
    Recommendation.objects.filter(pk=recommendation.pk).update(status=status)
    recommendation.status = status
    return review


@transaction.atomic
@invalidates("forum")
def recommendation_respond(
    *, recommendation: Recommendation, by: Any, response: str
) -> Recommendation:
    """Give the reasoned response, and send it to the members who raised the recommendation."""
    require_manager(by, recommendation.body)
    if not response.strip():
        raise ValidationError({"response": _("Write the response.")})
    now = timezone.now()
    Recommendation.objects.filter(pk=recommendation.pk).update(
        response=response.strip(), responded_at=now
    )
    recommendation.refresh_from_db()
    for member in recommendation.raised_by.select_related("user"):
        mail_member(
            member.user,
            topic=TOPIC_RECOMMENDATIONS,
            kind="forum_recommendation_response",
            key=f"forum.response:{recommendation.pk}:{int(now.timestamp())}:{member.user_id}",
            recommendation=recommendation,
        )
    return recommendation
