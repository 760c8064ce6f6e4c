"""The help desk's block of "Your portal" (composed by ``portal``): the person's newest
questions and where they stand and, for an expert, how many questions wait in their areas.
Three queries at most, however many rows (tests/knowledge/test_helpdesk.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from knowledge.helpdesk import selectors
from knowledge.helpdesk.models import HelpQuestion
from knowledge.helpdesk.permissions import helpdesk_viewer_of

SHOWN = 5


@dataclass(frozen=True)
class HelpdeskNews:
    questions: list[HelpQuestion]
    # Unanswered questions in the areas the person is an expert for; None for non-experts.
    waiting: int | None

    @property
    def exists(self) -> bool:
        return bool(self.questions) or self.waiting is not None


def helpdesk_news_of(user: Any, *, limit: int = SHOWN) -> HelpdeskNews:
    viewer = helpdesk_viewer_of(user)
    questions = list(HelpQuestion.objects.filter(asker=user).select_related("theme")[:limit])
    waiting = selectors.queue_of(viewer).count() if viewer.is_expert else None
    return HelpdeskNews(questions=questions, waiting=waiting)
