"""Writes of the quick scan: versions of questionnaires, and an organisation's runs."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from modeltranslation.translator import translator

from knowledge.scan import scoring, selectors
from knowledge.scan.models import (
    Answer,
    Option,
    Question,
    Questionnaire,
    QuestionnaireStatus,
    Run,
    Section,
)


def _problems(questionnaire: Questionnaire) -> list[str]:
    problems = []
    sections = selectors.questionnaire_content(questionnaire)
    if not sections:
        problems.append(_("A questionnaire needs at least one section."))
    for section in sections:
        questions = list(section.questions.all())
        if not questions:
            problems.append(_("Section “%(title)s” has no questions.") % {"title": section})
        for question in questions:
            options = list(question.options.all())
            if len(options) < 2 or max(o.points for o in options) == 0:
                problems.append(
                    _("Question “%(text)s” needs two answers or more, one worth points.")
                    % {"text": question}
                )
    return problems


@transaction.atomic
def questionnaire_publish(*, questionnaire: Questionnaire) -> Questionnaire:
    """Publish a draft version; the version published before it is retired (its runs keep
    pointing at it). A published version never changes again."""
    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    if questionnaire.status != QuestionnaireStatus.DRAFT:
        raise ValidationError(_("Only a draft can be published."))
    problems = _problems(questionnaire)
    if problems:
        raise ValidationError(problems)
    Questionnaire.objects.filter(
        key=questionnaire.key, status=QuestionnaireStatus.PUBLISHED
    ).update(status=QuestionnaireStatus.RETIRED)
    questionnaire.status = QuestionnaireStatus.PUBLISHED
    questionnaire.published_at = timezone.now()
    questionnaire.save(update_fields=["status", "published_at"])
    return questionnaire


def _copy(instance: Any, **changes: Any) -> Any:
    """A new row with ``instance``'s own fields (each language's column too) and ``changes``."""
    model = type(instance)
    # The translated field itself reads and writes the active language's column: copy the
    # columns of every language instead.
    translated = set(translator.get_options_for_model(model).fields)
    skip = {"id", *changes, *translated}
    values = {
        f.attname: getattr(instance, f.attname)
        for f in model._meta.concrete_fields
        if f.attname not in skip and not f.primary_key
    }
    return model.objects.create(**values, **changes)


@transaction.atomic
def questionnaire_new_version(*, questionnaire: Questionnaire) -> Questionnaire:
    """A draft copy of ``questionnaire`` (sections, questions, options, every language) as the
    next version of its key, for curators to edit while the published version stays as it is."""
    if Questionnaire.objects.filter(
        key=questionnaire.key, status=QuestionnaireStatus.DRAFT
    ).exists():
        raise ValidationError(_("There is already a draft of this questionnaire: edit that one."))
    latest = Questionnaire.objects.filter(key=questionnaire.key).aggregate(v=Max("version"))["v"]
    draft = _copy(
        questionnaire,
        version=(latest or 0) + 1,
        status=QuestionnaireStatus.DRAFT,
        published_at=None,
        created_at=timezone.now(),
    )
    for section in selectors.questionnaire_content(questionnaire):
        new_section = _copy(section, questionnaire_id=draft.pk)
        for question in section.questions.all():
            new_question = _copy(question, section_id=new_section.pk)
            for option in question.options.all():
                _copy(option, question_id=new_question.pk)
    return draft


def run_start(*, organisation: Any, questionnaire: Questionnaire, by: Any) -> Run:
    """The organisation's open run of ``questionnaire``, started now if there is none."""
    if questionnaire.status != QuestionnaireStatus.PUBLISHED:
        raise ValidationError(_("This questionnaire is not open for answers."))
    existing = Run.objects.open().filter(organisation=organisation, questionnaire=questionnaire)
    run = existing.first()
    if run is not None:
        return run
    try:
        with transaction.atomic():
            return Run.objects.create(
                organisation=organisation, questionnaire=questionnaire, started_by=by
            )
    except IntegrityError:
        # Another member started it a moment ago: continue theirs.
        return existing.get()


@transaction.atomic
def section_answer(*, run: Run, section: Section, choices: dict[int, int | None], by: Any) -> int:
    """Save the answers given on one section's page (question id → option id, None for
    unanswered). Returns how many were saved."""
    run = Run.objects.select_for_update().get(pk=run.pk)
    if run.is_complete:
        raise ValidationError(_("This quick scan is finished; start a new one to answer again."))
    if section.questionnaire_id != run.questionnaire_id:
        raise ValidationError(_("This section belongs to another questionnaire."))
    questions = {q.pk: q for q in Question.objects.filter(section=section)}
    options = {
        o.pk: o for o in Option.objects.filter(question__section=section).only("pk", "question")
    }
    saved = 0
    for question_id, option_id in choices.items():
        if question_id not in questions:
            raise ValidationError(_("That question is not part of this section."))
        if option_id is None:
            continue
        option = options.get(option_id)
        if option is None or option.question_id != question_id:
            raise ValidationError(_("That answer does not belong to its question."))
        Answer.objects.update_or_create(
            run=run, question_id=question_id, defaults={"option": option, "answered_by": by}
        )
        saved += 1
    return saved


@transaction.atomic
def run_complete(*, run: Run) -> Run:
    """Finish a run whose every question is answered: its scores are written once."""
    run = Run.objects.select_for_update().get(pk=run.pk)
    if run.is_complete:
        return run
    sections = selectors.questionnaire_content(run.questionnaire)
    chosen = selectors.chosen_options(run)
    missing = [q for section in sections for q in section.questions.all() if q.pk not in chosen]
    if missing:
        raise ValidationError(
            _("Answer every question first: %(count)s still open.") % {"count": len(missing)}
        )
    scores, total = scoring.section_scores(sections, chosen)
    run.scores = {score.section.key: score.percent for score in scores}
    run.total = total
    run.completed_at = timezone.now()
    run.save(update_fields=["scores", "total", "completed_at"])
    return run
