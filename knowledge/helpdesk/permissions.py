"""Who may see and act on a help desk question, written once for selectors, services and views.

A question is the asker's, the experts' of its priority area and staff's; nobody else sees it
(a private question and a missing one answer the same 404) until it is published as a practice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from knowledge.helpdesk.models import Expert, HelpQuestion


@dataclass(frozen=True)
class HelpdeskViewer:
    """What the help desk needs to know of the person looking, read once per request."""

    user_id: int | None
    is_staff: bool
    # The priority areas (theme ids) the person is an active expert for.
    expert_themes: frozenset[int]

    @property
    def is_expert(self) -> bool:
        return bool(self.expert_themes)

    def sees(self, question: HelpQuestion) -> bool:
        return (
            self.is_staff
            or (self.user_id is not None and question.asker_id == self.user_id)
            or question.theme_id in self.expert_themes
        )

    def is_asker(self, question: HelpQuestion) -> bool:
        return self.user_id is not None and question.asker_id == self.user_id

    def answers(self, question: HelpQuestion) -> bool:
        """May write the expert's side of the thread: an expert of its area (staff too)."""
        return self.is_staff or question.theme_id in self.expert_themes

    def sees_queue(self) -> bool:
        return self.is_staff or self.is_expert

    def curates(self) -> bool:
        return self.is_staff


def helpdesk_viewer_of(user: Any) -> HelpdeskViewer:
    """One query for a signed-in person, none for a visitor."""
    if not user.is_authenticated:
        return HelpdeskViewer(user_id=None, is_staff=False, expert_themes=frozenset())
    themes = frozenset(
        Expert.themes.through.objects.filter(expert__user=user, expert__is_active=True).values_list(
            "theme_id", flat=True
        )
    )
    return HelpdeskViewer(user_id=user.pk, is_staff=user.is_staff, expert_themes=themes)
