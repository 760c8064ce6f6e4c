"""A signed-in person's start page, "Your portal": where they land after signing in.

The portal composes; each app supplies its blocks through selectors of its own ``start``
module (``forum.start``, ``commitments.start``, ``knowledge.start``, ``alliance.start``), which
hold the rules of what is due or waiting. Each block reads a fixed number of queries however
many rows there are (tests/portal/test_start_page.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from accounts.next_steps import Checklist, checklist_of
from alliance.start import NextSteps, next_steps_of
from commitments.start import ReportsDue, reports_due_of
from forum import selectors as forum_selectors
from forum.models import ActionItem, Meeting
from forum.permissions import Viewer
from forum.start import SecretariatWork, open_actions_of, secretariat_work_of, upcoming_of
from initiatives.calls.start import CallsWork, calls_work_of
from knowledge.helpdesk.start import HelpdeskNews, helpdesk_news_of
from knowledge.scan.start import OrganisationScan, quick_scans_of
from knowledge.start import SavedSearchNews, saved_search_news_of


@dataclass(frozen=True)
class StartPage:
    viewer: Viewer
    # The person's "Next steps" (accounts.next_steps), shown until every step is done.
    checklist: Checklist
    meetings: list[Meeting]
    actions: list[ActionItem]
    reports_due: list[ReportsDue]
    saved_searches: SavedSearchNews
    quick_scans: list[OrganisationScan]
    next_steps: list[NextSteps]
    # For whoever manages a forum body; None for everyone else.
    secretariat: SecretariatWork | None
    helpdesk: HelpdeskNews
    # Drafts to send and proposals to review in calls for projects.
    calls: CallsWork


def start_page(user: Any) -> StartPage:
    viewer = forum_selectors.viewer_of(user)
    return StartPage(
        viewer=viewer,
        checklist=checklist_of(user),
        meetings=upcoming_of(user, secretariat=viewer.secretariat),
        actions=open_actions_of(user),
        reports_due=reports_due_of(user),
        saved_searches=saved_search_news_of(user),
        quick_scans=quick_scans_of(user),
        next_steps=next_steps_of(user),
        secretariat=secretariat_work_of(user, secretariat=viewer.secretariat),
        helpdesk=helpdesk_news_of(user),
        calls=calls_work_of(user),
    )
