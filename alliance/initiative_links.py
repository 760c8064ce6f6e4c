"""The coalitions an initiative links to, registered with ``initiatives.links``. Any
organisation may link to any coalition: the choices are the same for all and say nothing about
which coalitions an organisation has joined."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from alliance.models import Coalition
from initiatives.links import Linked, LinkKind


def _choices() -> list[tuple[str, str]]:
    return [(c.theme.slug, c.theme.name) for c in Coalition.objects.select_related("theme")]


def _current(initiative: Any) -> list[Linked]:
    return [
        Linked(c.theme.slug, c.theme.name, c.get_absolute_url())
        for c in initiative.coalitions.select_related("theme")
    ]


def _set(initiative: Any, keys: Iterable[str]) -> None:
    initiative.coalitions.set(Coalition.objects.filter(theme__slug__in=list(keys)))


KIND = LinkKind(
    name="coalitions",
    label=_("Coalitions"),
    help_text=_("The Alliance's open coalitions the initiative contributes to."),
    choices=_choices,
    current=_current,
    set=_set,
    areas=("alliance",),
    position=10,
)
