"""Scores: a question is worth its weight times the points of the chosen option, out of its
weight times the best option's points; a section's score is the share of its points reached,
in whole percent. Pure functions over loaded objects."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from knowledge.scan.models import Option, Section


@dataclass(frozen=True)
class SectionScore:
    section: Section
    percent: int


def _share(reached: int, possible: int) -> int:
    return round(100 * reached / possible) if possible else 0


def section_scores(
    sections: Iterable[Section], chosen: Mapping[int, Option]
) -> tuple[list[SectionScore], int]:
    """Each section's score and the overall one, from ``chosen`` (question id → option).

    ``sections`` come with their questions and options prefetched. An unanswered question
    counts as no points."""
    scores = []
    all_reached = all_possible = 0
    for section in sections:
        reached = possible = 0
        for question in section.questions.all():
            best = max((o.points for o in question.options.all()), default=0)
            possible += question.weight * best
            option = chosen.get(question.pk)
            if option is not None:
                reached += question.weight * option.points
        scores.append(SectionScore(section=section, percent=_share(reached, possible)))
        all_reached += reached
        all_possible += possible
    return scores, _share(all_reached, all_possible)
