"""The demo quick scan: written for SMEs, a section per priority area, in four languages."""

from __future__ import annotations

import pytest

from knowledge.scan import demo, selectors
from knowledge.scan.models import Option, Question, Questionnaire, QuestionnaireStatus, Section
from taxonomy.models import Theme

pytestmark = pytest.mark.django_db
LANGUAGES = ("en", "nl", "fr", "de")


def test_the_demo_covers_the_ten_priority_areas_in_four_languages():
    questionnaire = demo.seed()
    assert questionnaire.status == QuestionnaireStatus.PUBLISHED
    assert selectors.current_questionnaire() == questionnaire
    sections = list(Section.objects.filter(questionnaire=questionnaire).select_related("theme"))
    assert {s.theme.slug for s in sections} == set(Theme.objects.values_list("slug", flat=True))
    assert len(sections) == 10
    for section in sections:
        assert 2 <= section.questions.count() <= 3
    for language in LANGUAGES:
        assert getattr(questionnaire, f"title_{language}")
        for section in sections:
            assert getattr(section, f"title_{language}")
        for question in Question.objects.filter(section__questionnaire=questionnaire):
            assert getattr(question, f"text_{language}"), (language, question.text_en)
        for option in Option.objects.filter(question__section__questionnaire=questionnaire):
            assert getattr(option, f"label_{language}")
    # No language reuses another's question texts.
    texts = {
        language: set(
            Question.objects.filter(section__questionnaire=questionnaire).values_list(
                f"text_{language}", flat=True
            )
        )
        for language in LANGUAGES
    }
    assert all(len(texts[a] & texts[b]) <= 1 for a in LANGUAGES for b in LANGUAGES if a < b)


def test_the_demo_is_seeded_once():
    demo.seed()
    demo.seed()
    assert Questionnaire.objects.count() == 1
