"""The "Next steps" checklist a person sees after signing up, on "Your portal".

``accounts`` imports no domain app: each app registers its steps in ``AppConfig.ready`` (as
with ``panels`` and ``hooks``). A step names the expressions it needs on the person's row
(``Exists`` subqueries over ``OuterRef("pk")``), and turns their values into its state: not
for this person (``None``), or done or not with the address where it is done. The whole
checklist is one query, however many steps, organisations or rows there are.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership


@dataclass(frozen=True)
class StepState:
    done: bool
    url: str


@dataclass(frozen=True)
class Step:
    key: str
    # Where the step sits in the list: lower first.
    order: int
    title: str | Promise
    # One line saying why, shown under the title while the step is not done.
    hint: str | Promise
    # Expressions on the person's row, by name (each step's names are its own).
    annotations: Callable[[], Mapping[str, Any]]
    state: Callable[[Mapping[str, Any]], StepState | None]


@dataclass(frozen=True)
class Item:
    step: Step
    done: bool
    url: str


@dataclass(frozen=True)
class Checklist:
    items: list[Item]

    @property
    def done_count(self) -> int:
        return sum(item.done for item in self.items)

    @property
    def complete(self) -> bool:
        return all(item.done for item in self.items)


_STEPS: dict[str, Step] = {}


def register(step: Step) -> None:
    _STEPS[step.key] = step


def steps() -> list[Step]:
    return sorted(_STEPS.values(), key=lambda step: (step.order, step.key))


def _alias(step: Step, name: str) -> str:
    return f"step_{step.key}_{name}"


def checklist_of(user: Any) -> Checklist:
    """Every registered step that concerns ``user``, done or not: one query."""
    registered = steps()
    expressions = {
        _alias(step, name): expression
        for step in registered
        for name, expression in step.annotations().items()
    }
    row: Mapping[str, Any] = {}
    if expressions:
        row = get_user_model().objects.filter(pk=user.pk).values(**expressions).first() or {}
    items = []
    for step in registered:
        values = {name: row.get(_alias(step, name)) for name in step.annotations()}
        state = step.state(values)
        if state is not None:
            items.append(Item(step=step, done=state.done, url=state.url))
    return Checklist(items=items)


def _organisation_annotations() -> dict[str, Any]:
    return {"member": Exists(Membership.objects.filter(user=OuterRef("pk")))}


def _organisation_state(values: Mapping[str, Any]) -> StepState:
    return StepState(done=bool(values["member"]), url=reverse("accounts:organisation_create"))


def organisation_step() -> Step:
    return Step(
        key="organisation",
        order=10,
        title=_("Create or join an organisation"),
        hint=_("Add your organisation, or ask a colleague who already has it here to invite you."),
        annotations=_organisation_annotations,
        state=_organisation_state,
    )
