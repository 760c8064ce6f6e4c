"""Reads of the quick scan. Access: a run is found only through the viewer's membership of its
organisation (``accounts.selectors.get_membership``), so others get the same 404 as for a
missing run."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from knowledge.scan import scoring
from knowledge.scan.models import Answer, Option, Question, Questionnaire, Run, Section


def current_questionnaire() -> Questionnaire | None:
    """The questionnaire members take now: the published version (the oldest key first)."""
    return Questionnaire.objects.published().order_by("published_at", "pk").first()


def questionnaire_content(questionnaire: Questionnaire) -> list[Section]:
    """The sections in order, each with its questions and their options: three reads."""
    return list(
        Section.objects.filter(questionnaire=questionnaire)
        .select_related("theme", "iso26000")
        .prefetch_related(
            Prefetch(
                "questions",
                queryset=Question.objects.prefetch_related(
                    Prefetch("options", queryset=Option.objects.all())
                ),
            )
        )
    )


def chosen_options(run: Run) -> dict[int, Option]:
    """The run's answers: question id → chosen option."""
    return {
        answer.question_id: answer.option
        for answer in Answer.objects.filter(run=run).select_related("option")
    }


def runs_of(organisation: Any) -> list[Run]:
    """The organisation's runs, newest first, with their questionnaire: one read."""
    return list(Run.objects.filter(organisation=organisation).select_related("questionnaire"))


def get_run(organisation: Any, uid: str) -> Run:
    return get_object_or_404(
        Run.objects.select_related("questionnaire", "organisation", "organisation__sector"),
        organisation=organisation,
        uid=uid,
    )


def has_completed_scan(organisation: Any) -> bool:
    """Whether the organisation has finished a quick scan (a "next step" done)."""
    return Run.objects.completed().filter(organisation=organisation).exists()


@dataclass(frozen=True)
class Progress:
    sections: list[Section]
    answered: dict[int, int]  # section id → questions answered
    chosen: dict[int, Option]

    def is_done(self, section: Section) -> bool:
        return self.answered.get(section.pk, 0) >= len(section.questions.all())

    @property
    def resume_at(self) -> Section | None:
        """The first section with a question still open, or None when all are answered."""
        return next((s for s in self.sections if not self.is_done(s)), None)

    @property
    def rows(self) -> list[tuple[Section, int, int]]:
        return [(s, self.answered.get(s.pk, 0), len(s.questions.all())) for s in self.sections]


def progress_of(run: Run) -> Progress:
    sections = questionnaire_content(run.questionnaire)
    chosen = chosen_options(run)
    section_of = {q.pk: s.pk for s in sections for q in s.questions.all()}
    answered: dict[int, int] = {}
    for question_id in chosen:
        section_id = section_of.get(question_id)
        if section_id is not None:
            answered[section_id] = answered.get(section_id, 0) + 1
    return Progress(sections=sections, answered=answered, chosen=chosen)


def previous_completed(run: Run) -> Run | None:
    """The organisation's last run of the same questionnaire (any version) completed before
    ``run``: what its result is compared with."""
    if run.completed_at is None:
        return None
    return (
        Run.objects.completed()
        .filter(
            organisation_id=run.organisation_id,
            questionnaire__key=run.questionnaire.key,
            completed_at__lt=run.completed_at,
        )
        .order_by("-completed_at")
        .first()
    )


@dataclass(frozen=True)
class ResultRow:
    section: Section
    percent: int
    previous: int | None
    weak: bool

    @property
    def change(self) -> int | None:
        return None if self.previous is None else self.percent - self.previous


@dataclass(frozen=True)
class Result:
    run: Run
    rows: list[ResultRow]
    total: int
    previous: Run | None

    @property
    def weak_rows(self) -> list[ResultRow]:
        return [row for row in self.rows if row.weak]

    @property
    def total_change(self) -> int | None:
        if self.previous is None or self.previous.total is None:
            return None
        return self.total - self.previous.total


def result_of(run: Run) -> Result:
    """A completed run's scores per section, each with the previous run's score for the same
    topic (if that run had it) and whether it is weak."""
    sections = questionnaire_content(run.questionnaire)
    if run.scores:
        percents = {s.pk: int(run.scores.get(s.key, 0)) for s in sections}
        total = run.total or 0
    else:
        scores, total = scoring.section_scores(sections, chosen_options(run))
        percents = {score.section.pk: score.percent for score in scores}
    previous = previous_completed(run)
    earlier = previous.scores if previous else {}
    threshold = run.questionnaire.threshold
    rows = [
        ResultRow(
            section=s,
            percent=percents[s.pk],
            previous=earlier.get(s.key),
            weak=percents[s.pk] < threshold,
        )
        for s in sections
    ]
    return Result(run=run, rows=rows, total=total, previous=previous)
