"""What apps above the knowledge centre add to its public pages.

``knowledge`` imports no app above it. An app that has something to say about practices (the
commitments' "serves DESIGN-MTS action 1.2", the initiatives that produced a practice) registers
a provider here in its ``AppConfig.ready``, naming the page cache areas its content comes from,
so an anonymous page cached with that content is renewed when the content changes.

- A *section* provider takes a published practice and returns the HTML of a section for the
  practice's page, or an empty string. It shows public content only: the page is the same for
  everyone.
- A *label* provider takes the practices of one page of results and returns, per practice's
  primary key, short HTML labels shown under its title in the library. It reads all of them
  at once (one or two queries, however many practices), so a results page's query count does
  not grow with its rows.

Providers render their own templates, which escape what they show.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.safestring import SafeString, mark_safe

from knowledge.models import Practice

SectionProvider = Callable[[Practice], str]
LabelProvider = Callable[[Sequence[Practice]], dict[int, list[str]]]


@dataclass(frozen=True)
class _Registered:
    provider: Callable
    areas: tuple[str, ...]


_SECTIONS: list[_Registered] = []
_LABELS: list[_Registered] = []


def _add(registry: list[_Registered], provider: Callable, areas: Iterable[str]) -> None:
    if all(entry.provider is not provider for entry in registry):
        registry.append(_Registered(provider, tuple(areas)))


def register_section(provider: SectionProvider, *, areas: Iterable[str]) -> None:
    _add(_SECTIONS, provider, areas)


def register_labels(provider: LabelProvider, *, areas: Iterable[str]) -> None:
    _add(_LABELS, provider, areas)


def sections(practice: Practice) -> list[SafeString]:
    return [
        mark_safe(html)  # noqa: S308 — see the module's docstring
        for entry in _SECTIONS
        if (html := entry.provider(practice))
    ]


def attach_labels(practices: Sequence[Practice]) -> None:
    """Set ``panel_labels`` (a list of HTML labels, often empty) on each practice."""
    found: dict[int, list[SafeString]] = {}
    if practices:
        for entry in _LABELS:
            for pk, labels in entry.provider(practices).items():
                found.setdefault(pk, []).extend(mark_safe(label) for label in labels)  # noqa: S308
    for practice in practices:
        practice.panel_labels = found.get(practice.pk, [])  # type: ignore[attr-defined]


def section_areas() -> tuple[str, ...]:
    return tuple(area for entry in _SECTIONS for area in entry.areas)


def label_areas() -> tuple[str, ...]:
    return tuple(area for entry in _LABELS for area in entry.areas)


def add_areas(response: HttpResponse, areas: Iterable[str]) -> HttpResponse:
    """Ask ``pagecache.public_page`` to renew the cached page when these areas change too."""
    response.page_cache_more_areas = tuple(areas)  # type: ignore[attr-defined]
    return response
