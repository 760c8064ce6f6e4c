"""What an initiative links to in the apps above it: the Alliance's coalitions, the commitment
actions it serves.

``initiatives`` imports no app above it. The link tables live in those apps (a many-to-many
from ``alliance.Coalition`` or ``commitments.Action`` to ``initiatives.Initiative``), and each
registers a ``LinkKind`` here in its ``AppConfig.ready``; the initiative's form and page ask the
registry. ``choices`` is what any organisation may link to (public things only, the same for
every organisation, so the list reveals nothing about the organisation); ``current`` reads the
linked objects of one initiative as (key, label, address) triples; ``set`` replaces them;
``areas`` are the page cache areas of the pages that list linked initiatives.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Linked:
    key: str
    label: str
    url: str


@dataclass(frozen=True)
class LinkKind:
    name: str  # the form field's name, e.g. "coalitions"
    label: Any  # a lazy translation, e.g. _("Coalitions")
    help_text: Any
    choices: Callable[[], Sequence[tuple[str, str]]]
    current: Callable[[Any], Sequence[Linked]]
    set: Callable[[Any, Iterable[str]], None]
    areas: tuple[str, ...] = ()
    position: int = 0


_KINDS: dict[str, LinkKind] = {}


def register(kind: LinkKind) -> None:
    _KINDS[kind.name] = kind


def kinds() -> list[LinkKind]:
    return sorted(_KINDS.values(), key=lambda kind: (kind.position, kind.name))


def areas() -> tuple[str, ...]:
    return tuple(area for kind in kinds() for area in kind.areas)
