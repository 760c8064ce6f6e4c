"""The quick scan's rules: scoring, versions that keep old answers' meaning, resuming."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from knowledge.scan import selectors, services
from knowledge.scan.models import Option, Questionnaire, QuestionnaireStatus, Run, Section
from tests.knowledge.scan_helpers import completed_run, make_questionnaire

pytestmark = pytest.mark.django_db

ALL = {"eco-efficiency": 3, "working-conditions": 1, "supply-chain": 0}


def test_scores_are_weighted_shares_of_the_best_answers(alice, org_a):
    questionnaire = make_questionnaire()
    run = services.run_start(organisation=org_a, questionnaire=questionnaire, by=alice)
    eco, work, supply = questionnaire.sections.order_by("position")
    q1, q2 = eco.questions.order_by("position")
    # Question 1 (weight 1) fully, question 2 (weight 2) "started": (1*3 + 2*1) / (3*3) = 56 %.
    services.section_answer(
        run=run,
        section=eco,
        choices={q1.pk: q1.options.get(points=3).pk, q2.pk: q2.options.get(points=1).pk},
        by=alice,
    )
    for section, points in ((work, 2), (supply, 3)):
        services.section_answer(
            run=run,
            section=section,
            choices={q.pk: q.options.get(points=points).pk for q in section.questions.all()},
            by=alice,
        )
    done = services.run_complete(run=run)
    assert done.scores == {eco.key: 56, work.key: 67, supply.key: 100}
    # Overall: (5 + 2*3 + 3*3) / (9 * 3) = 20 / 27.
    assert done.total == 74


def test_a_run_cannot_finish_with_open_questions(alice, org_a):
    questionnaire = make_questionnaire()
    run = services.run_start(organisation=org_a, questionnaire=questionnaire, by=alice)
    with pytest.raises(ValidationError):
        services.run_complete(run=run)
    run.refresh_from_db()
    assert run.completed_at is None


def test_progress_is_kept_and_resumes_at_the_first_open_section(alice, org_a):
    questionnaire = make_questionnaire()
    run = services.run_start(organisation=org_a, questionnaire=questionnaire, by=alice)
    first, second, _third = questionnaire.sections.order_by("position")
    services.section_answer(
        run=run,
        section=first,
        choices={q.pk: q.options.first().pk for q in first.questions.all()},
        by=alice,
    )
    # Starting again (another visit, or another member) continues the same run.
    again = services.run_start(organisation=org_a, questionnaire=questionnaire, by=alice)
    assert again == run
    assert selectors.progress_of(again).resume_at == second


def test_only_one_open_run_per_organisation_and_version(alice, org_a):
    questionnaire = make_questionnaire()
    services.run_start(organisation=org_a, questionnaire=questionnaire, by=alice)
    with pytest.raises(IntegrityError):
        Run.objects.create(organisation=org_a, questionnaire=questionnaire)


def test_an_answer_from_another_question_is_refused(alice, org_a):
    questionnaire = make_questionnaire()
    run = services.run_start(organisation=org_a, questionnaire=questionnaire, by=alice)
    first, second, _ = questionnaire.sections.order_by("position")
    question = first.questions.first()
    foreign = Option.objects.filter(question__section=second).first()
    with pytest.raises(ValidationError):
        services.section_answer(run=run, section=first, choices={question.pk: foreign.pk}, by=alice)
    assert not run.answers.exists()


def test_a_finished_run_takes_no_more_answers(alice, org_a):
    questionnaire = make_questionnaire()
    run = completed_run(org_a, questionnaire, points=ALL, by=alice)
    section = questionnaire.sections.first()
    with pytest.raises(ValidationError):
        services.section_answer(
            run=run,
            section=section,
            choices={q.pk: q.options.last().pk for q in section.questions.all()},
            by=alice,
        )


def test_a_published_version_is_frozen_and_a_new_version_is_a_full_copy(alice, org_a):
    v1 = make_questionnaire()
    section = v1.sections.first()
    with pytest.raises(ValidationError):
        section.full_clean()
    draft = services.questionnaire_new_version(questionnaire=v1)
    assert (draft.key, draft.version, draft.status) == (v1.key, 2, QuestionnaireStatus.DRAFT)
    assert draft.title_nl == "Test-quickscan"
    copied = draft.sections.order_by("position").first()
    assert copied.theme_id == section.theme_id
    assert copied.questions.count() == 2
    assert copied.questions.first().options.count() == 4
    assert copied.questions.first().text_nl.startswith("Vraag 1")
    # A second draft of the same key would leave curators two to edit.
    with pytest.raises(ValidationError):
        services.questionnaire_new_version(questionnaire=v1)


def test_publishing_a_new_version_retires_the_old_and_old_answers_keep_their_meaning(alice, org_a):
    v1 = make_questionnaire()
    old_run = completed_run(org_a, v1, points=ALL, by=alice)
    draft = services.questionnaire_new_version(questionnaire=v1)
    # The curators reword a question and make "Fully" worth less in the new version only.
    changed = Section.objects.filter(questionnaire=draft).first().questions.first()
    changed.text_en = "A reworded question?"
    changed.save()
    changed.options.filter(points=3).update(points=2)
    services.questionnaire_publish(questionnaire=draft)
    v1.refresh_from_db()
    assert v1.status == QuestionnaireStatus.RETIRED
    assert selectors.current_questionnaire() == Questionnaire.objects.get(pk=draft.pk)
    old = selectors.result_of(old_run)
    assert [row.percent for row in old.rows] == [100, 33, 0]
    assert old_run.answers.first().question.text_en.startswith("Question 1")


def test_a_retake_is_compared_with_the_previous_completed_run(alice, org_a):
    questionnaire = make_questionnaire()
    completed_run(org_a, questionnaire, points=ALL, by=alice)
    second = completed_run(
        org_a,
        questionnaire,
        points={"eco-efficiency": 3, "working-conditions": 3, "supply-chain": 1},
        by=alice,
    )
    result = selectors.result_of(second)
    assert [(row.percent, row.previous, row.change) for row in result.rows] == [
        (100, 100, 0),
        (100, 33, 67),
        (33, 0, 33),
    ]
    assert [row.section.theme.slug for row in result.weak_rows] == ["supply-chain"]


def test_publishing_refuses_a_questionnaire_without_questions():
    empty = Questionnaire.objects.create(key="empty", title_en="Empty")
    with pytest.raises(ValidationError):
        services.questionnaire_publish(questionnaire=empty)
    empty.refresh_from_db()
    assert empty.status == QuestionnaireStatus.DRAFT


def test_has_completed_scan(alice, org_a, org_b):
    questionnaire = make_questionnaire()
    assert not selectors.has_completed_scan(org_a)
    completed_run(org_a, questionnaire, points=ALL, by=alice)
    assert selectors.has_completed_scan(org_a)
    assert not selectors.has_completed_scan(org_b)


def test_the_chart_scales_scores_to_100_not_to_the_best_section():
    from types import SimpleNamespace

    from knowledge.scan.charts import score_chart

    def widths(*percents: int) -> list[float]:
        rows = [
            SimpleNamespace(section=SimpleNamespace(title=f"S{i}"), percent=p)
            for i, p in enumerate(percents)
        ]
        return [bar.length for bar in score_chart(SimpleNamespace(rows=rows)).rows]

    low, lower = widths(50, 25)
    assert low == widths(100, 50)[1]
    assert low == 2 * lower
    assert widths(0)[0] == 0
    assert widths(50, 25) == [50.0, 25.0]
