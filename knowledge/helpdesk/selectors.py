"""Reads of the help desk. Selectors take the person looking (a ``HelpdeskViewer``)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from knowledge.helpdesk.models import HelpQuestion, Message, QuestionStatus
from knowledge.helpdesk.permissions import HelpdeskViewer
from taxonomy.models import Theme


def question_for(viewer: HelpdeskViewer, uid: str) -> HelpQuestion:
    """The question ``uid`` if the viewer may see it; 404 as for a missing one otherwise."""
    question = (
        HelpQuestion.objects.select_related("theme", "sector", "claimed_by", "asker", "practice")
        .filter(uid=uid)
        .first()
    )
    if question is None or not viewer.sees(question):
        raise Http404
    return question


def question_by_token(token: str) -> HelpQuestion:
    question = (
        HelpQuestion.objects.select_related("theme", "sector", "practice")
        .filter(reply_token=token)
        .first()
    )
    if question is None:
        raise Http404
    return question


def thread_of(question: HelpQuestion) -> list[Message]:
    return list(question.messages.select_related("author"))


def questions_of_asker(viewer: HelpdeskViewer) -> QuerySet[HelpQuestion]:
    return (
        HelpQuestion.objects.filter(asker_id=viewer.user_id)
        .select_related("theme")
        .annotate(replies=Count("messages"))
        .order_by("-created_at")
    )


def queue_of(viewer: HelpdeskViewer) -> QuerySet[HelpQuestion]:
    """Unanswered questions of the viewer's areas (every area for staff): open ones and those
    the viewer claimed first, oldest first."""
    questions = HelpQuestion.objects.unanswered().select_related("theme", "sector", "claimed_by")
    if not viewer.is_staff:
        questions = questions.filter(theme_id__in=viewer.expert_themes)
    return questions.order_by("status", "created_at")


def answered_of(viewer: HelpdeskViewer) -> QuerySet[HelpQuestion]:
    """Answered questions of the viewer's areas; curators also see which may be published."""
    questions = HelpQuestion.objects.filter(
        status__in=[QuestionStatus.ANSWERED, QuestionStatus.CLOSED]
    ).select_related("theme", "claimed_by", "practice")
    if not viewer.is_staff:
        questions = questions.filter(theme_id__in=viewer.expert_themes)
    return questions.order_by("-answered_at")


@dataclass(frozen=True)
class AreaFigures:
    theme: Theme
    asked: int
    answered: int
    open: int


@dataclass(frozen=True)
class ServiceFigures:
    open: int
    answered: int
    # Hours from asking to the first answer, over the questions first answered in the period.
    median_hours: float | None
    p90_hours: float | None
    per_area: list[AreaFigures]
    since: datetime


def _percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile: the smallest value at or above ``fraction`` of them."""
    ordered = sorted(values)
    rank = max(1, -(-int(fraction * 100) * len(ordered) // 100))
    return ordered[rank - 1]


def service_figures(*, days: int = 365, now: datetime | None = None) -> ServiceFigures:
    """The help desk's service figures for staff: three queries whatever the number of rows."""
    now = now or timezone.now()
    since = now - timedelta(days=days)
    open_count = HelpQuestion.objects.unanswered().count()
    waits = [
        (answered - asked).total_seconds() / 3600
        for asked, answered in HelpQuestion.objects.filter(
            first_answered_at__isnull=False, first_answered_at__gte=since
        ).values_list("created_at", "first_answered_at")
    ]
    answered_statuses = [QuestionStatus.ANSWERED, QuestionStatus.CLOSED]
    rows = (
        HelpQuestion.objects.filter(created_at__gte=since)
        .values("theme")
        .annotate(
            asked=Count("pk"),
            answered=Count("pk", filter=Q(status__in=answered_statuses)),
            open=Count("pk", filter=~Q(status__in=answered_statuses)),
        )
    )
    by_theme = {row["theme"]: row for row in rows}
    per_area = [
        AreaFigures(
            theme=theme,
            asked=by_theme.get(theme.pk, {}).get("asked", 0),
            answered=by_theme.get(theme.pk, {}).get("answered", 0),
            open=by_theme.get(theme.pk, {}).get("open", 0),
        )
        for theme in Theme.objects.order_by("position", "pk")
    ]
    return ServiceFigures(
        open=open_count,
        answered=len(waits),
        median_hours=statistics.median(waits) if waits else None,
        p90_hours=_percentile(waits, 0.9) if waits else None,
        per_area=per_area,
        since=since,
    )
