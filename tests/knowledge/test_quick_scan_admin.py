"""Curators write the quick scan in the admin: translated fields, inlines, read-only published
versions, and the actions that make a new version and publish it."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from knowledge.scan.models import Questionnaire, QuestionnaireStatus, Section
from tests.conftest import client_for
from tests.knowledge.scan_helpers import make_questionnaire

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/knowledge/questionnaire/"


@pytest.fixture
def curator(staff):
    return client_for(staff)


def test_a_draft_is_edited_with_its_sections_inline_in_four_languages(curator):
    draft = make_questionnaire(publish=False)
    page = curator.get(f"{CHANGELIST}{draft.pk}/change/")
    html = page.content.decode()
    assert page.status_code == 200
    for language in ("en", "nl", "fr", "de"):
        assert f'name="title_{language}"' in html
        assert f'name="sections-0-title_{language}"' in html
    section = draft.sections.first()
    section_page = curator.get(f"/admin/knowledge/section/{section.pk}/change/")
    assert 'name="questions-0-text_nl"' in section_page.content.decode()
    question = section.questions.first()
    question_page = curator.get(f"/admin/knowledge/question/{question.pk}/change/")
    assert 'name="options-0-points"' in question_page.content.decode()


def test_a_published_version_is_read_only(curator):
    published = make_questionnaire()
    page = curator.get(f"{CHANGELIST}{published.pk}/change/")
    assert page.status_code == 200
    assert 'name="title_en"' not in page.content.decode()
    posted = curator.post(f"{CHANGELIST}{published.pk}/change/", {"title_en": "Changed"})
    assert posted.status_code == 403
    section = published.sections.first()
    assert (
        curator.post(
            f"/admin/knowledge/section/{section.pk}/change/", {"title_en": "Changed"}
        ).status_code
        == 403
    )
    assert curator.post(f"{CHANGELIST}{published.pk}/delete/", {"post": "yes"}).status_code == 403
    published.refresh_from_db()
    assert published.title_en == "Test quick scan"


def test_actions_make_a_new_version_and_publish_it(curator):
    v1 = make_questionnaire()
    curator.post(CHANGELIST, {"action": "new_version", ACTION_CHECKBOX_NAME: [v1.pk]}, follow=True)
    draft = Questionnaire.objects.get(key=v1.key, version=2)
    assert draft.status == QuestionnaireStatus.DRAFT
    assert Section.objects.filter(questionnaire=draft).count() == 3
    response = curator.post(
        CHANGELIST, {"action": "publish", ACTION_CHECKBOX_NAME: [draft.pk]}, follow=True
    )
    assert "is published" in response.content.decode()
    v1.refresh_from_db()
    draft.refresh_from_db()
    assert (v1.status, draft.status) == (QuestionnaireStatus.RETIRED, QuestionnaireStatus.PUBLISHED)


def test_publishing_an_incomplete_draft_says_why(curator):
    empty = Questionnaire.objects.create(key="empty", title_en="Empty")
    response = curator.post(
        CHANGELIST, {"action": "publish", ACTION_CHECKBOX_NAME: [empty.pk]}, follow=True
    )
    assert "A questionnaire needs at least one section." in response.content.decode()
    empty.refresh_from_db()
    assert empty.status == QuestionnaireStatus.DRAFT


def test_the_admin_groups_the_quick_scan_under_the_library(curator):
    index = curator.get("/admin/").content.decode()
    library = index.split("Library", 1)[1].split("Review queue", 1)[0]
    assert "Quick scan questionnaires" in library
