"""The knowledge centre's steps of a person's "Next steps" checklist (``accounts.next_steps``):
save a search, and take the CSR quick scan where a questionnaire is published."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts import next_steps
from accounts.models import Membership
from accounts.next_steps import Step, StepState
from knowledge.models import SavedSearch
from knowledge.scan.models import Questionnaire, Run


def _annotations() -> dict[str, Any]:
    return {"saved": Exists(SavedSearch.objects.filter(user=OuterRef("pk")))}


def _state(values: Mapping[str, Any]) -> StepState:
    return StepState(done=bool(values["saved"]), url=reverse("knowledge:index"))


def _scan_annotations() -> dict[str, Any]:
    member = Membership.objects.filter(user=OuterRef("pk"))
    return {
        # Only where it exists: a published questionnaire, and an organisation to answer for.
        "applies": Exists(member) & Exists(Questionnaire.objects.published()),
        "scanned": Exists(
            Run.objects.completed().filter(organisation__memberships__user=OuterRef("pk"))
        ),
    }


def _scan_state(values: Mapping[str, Any]) -> StepState | None:
    if not values["applies"]:
        return None
    return StepState(done=bool(values["scanned"]), url=reverse("knowledge:scan"))


def register() -> None:
    next_steps.register(
        Step(
            key="save_search",
            order=50,
            title=_("Save a search in the knowledge centre"),
            hint=_("Search the library, save the search, and hear when new practices match."),
            annotations=_annotations,
            state=_state,
        )
    )
    next_steps.register(
        Step(
            key="quick_scan",
            order=60,
            title=_("Take the CSR quick scan"),
            hint=_("See where your organisation stands and which practices to read next."),
            annotations=_scan_annotations,
            state=_scan_state,
        )
    )
