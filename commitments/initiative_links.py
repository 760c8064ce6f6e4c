"""The commitment actions an initiative serves, registered with ``initiatives.links``: the
actions of published frameworks, the same for every organisation."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from commitments.models import Action
from initiatives.links import Linked, LinkKind


def _key(action: Action) -> str:
    return f"{action.commitment.framework.slug}:{action.code}"


def _label(action: Action) -> str:
    framework = action.commitment.framework
    return f"{framework.short_title} {action.code} {Truncator(action.text).chars(80)}"


def _choices() -> list[tuple[str, str]]:
    actions = Action.objects.in_order().filter(commitment__framework__is_published=True)
    return [(_key(a), _label(a)) for a in actions.order_by("commitment__framework__slug")]


def _current(initiative: Any) -> list[Linked]:
    return [Linked(_key(a), _label(a), a.get_absolute_url()) for a in initiative.actions.in_order()]


def _set(initiative: Any, keys: Iterable[str]) -> None:
    wanted = Q(pk__in=[])
    for key in keys:
        slug, _sep, code = key.partition(":")
        commitment, _dot, number = code.partition(".")
        if commitment.isdigit() and number.isdigit():
            wanted |= Q(
                commitment__framework__slug=slug,
                commitment__number=int(commitment),
                number=int(number),
            )
    initiative.actions.set(
        Action.objects.filter(commitment__framework__is_published=True).filter(wanted)
    )


KIND = LinkKind(
    name="actions",
    label=_("Commitment actions"),
    help_text=_("Actions of the sector commitments (such as DESIGN-MTS) that it serves."),
    choices=_choices,
    current=_current,
    set=_set,
    areas=("commitments",),
    position=20,
)
