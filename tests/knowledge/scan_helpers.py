"""Building quick scan questionnaires and runs for tests, through the services."""

from __future__ import annotations

from typing import Any

from knowledge.scan import services
from knowledge.scan.models import Option, Question, Questionnaire, Run, Section
from taxonomy.models import Theme

THEMES = ("eco-efficiency", "working-conditions", "supply-chain")


def make_questionnaire(
    *, key: str = "test-scan", themes: tuple[str, ...] = THEMES, publish: bool = True
) -> Questionnaire:
    """A section per theme, two questions each (weights 1 and 2), options worth 0, 1, 2 and 3."""
    questionnaire = Questionnaire.objects.create(
        key=key,
        title_en="Test quick scan",
        title_nl="Test-quickscan",
        title_fr="Diagnostic de test",
        title_de="Test-Schnellcheck",
    )
    for position, slug in enumerate(themes):
        theme = Theme.objects.get(slug=slug)
        section = Section.objects.create(
            questionnaire=questionnaire,
            position=position,
            theme=theme,
            title_en=theme.name_en,
            title_nl=theme.name_nl,
            title_fr=theme.name_fr,
            title_de=theme.name_de,
        )
        for number, weight in enumerate((1, 2)):
            question = Question.objects.create(
                section=section,
                position=number,
                weight=weight,
                text_en=f"Question {number + 1} on {slug}?",
                text_nl=f"Vraag {number + 1} over {slug}?",
            )
            for points, label in enumerate(("Not yet", "Started", "Largely", "Fully")):
                Option.objects.create(
                    question=question,
                    position=points,
                    points=points,
                    label_en=label,
                    label_nl=f"{label} (nl)",
                )
    if publish:
        services.questionnaire_publish(questionnaire=questionnaire)
        questionnaire.refresh_from_db()
    return questionnaire


def answer_all(run: Run, *, points: dict[str, int], by: Any) -> None:
    """Answer every question of ``run``: in each section the option worth ``points[theme]``."""
    for section in run.questionnaire.sections.select_related("theme"):
        choices = {
            question.pk: question.options.get(points=points[section.theme.slug]).pk
            for question in section.questions.all()
        }
        services.section_answer(run=run, section=section, choices=choices, by=by)


def completed_run(
    organisation: Any, questionnaire: Questionnaire, *, points: dict[str, int], by: Any
) -> Run:
    run = services.run_start(organisation=organisation, questionnaire=questionnaire, by=by)
    answer_all(run, points=points, by=by)
    return services.run_complete(run=run)
