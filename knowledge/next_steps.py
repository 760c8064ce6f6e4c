"""The library's step of a person's "Next steps" checklist (``accounts.next_steps``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts import next_steps
from accounts.next_steps import Step, StepState
from knowledge.models import SavedSearch


def _annotations() -> dict[str, Any]:
    return {"saved": Exists(SavedSearch.objects.filter(user=OuterRef("pk")))}


def _state(values: Mapping[str, Any]) -> StepState:
    return StepState(done=bool(values["saved"]), url=reverse("knowledge:index"))


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
