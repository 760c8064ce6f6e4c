"""Withdrawn practices (issue 14): an archived practice answers 410 Gone with its title, a
short notice and a way on: its successor, or else practices sharing its priority areas. Drafts
and practices in review stay 404, like a missing one."""

from __future__ import annotations

import pytest

from knowledge.models import Status
from tests.conftest import client_for
from tests.knowledge.conftest import make_practice

pytestmark = pytest.mark.django_db


def test_an_archived_practice_is_gone_and_points_to_its_successor(client):
    successor = make_practice(title="New supplier code template")
    old = make_practice(title="Old supplier code", status=Status.ARCHIVED, successor=successor)

    response = client.get(old.get_absolute_url())
    html = response.content.decode()

    assert response.status_code == 410
    assert "<h1" in html and "Old supplier code</h1>" in html
    assert "This practice has been withdrawn" in html
    assert f'href="{successor.get_absolute_url()}"' in html
    assert "Similar practices" not in html
    assert '<meta name="robots" content="noindex">' in html


def test_without_a_successor_it_offers_practices_with_the_same_priority_areas(client):
    old = make_practice(title="Old", status=Status.ARCHIVED, themes=["supply-chain"])
    near = make_practice(title="Sharing a theme", themes=["supply-chain", "sme-growth"])
    make_practice(title="Other theme", themes=["eco-efficiency"])
    make_practice(title="Draft neighbour", status=Status.DRAFT, themes=["supply-chain"])

    response = client.get(old.get_absolute_url())

    assert response.status_code == 410
    assert response.context["similar"] == [near]
    html = response.content.decode()
    assert "Similar practices" in html and "Other theme" not in html and "Draft" not in html


def test_a_successor_withdrawn_in_turn_is_followed_to_the_published_one(client):
    newest = make_practice(title="Newest")
    middle = make_practice(title="Middle", status=Status.ARCHIVED, successor=newest)
    old = make_practice(title="Oldest", status=Status.ARCHIVED, successor=middle)

    response = client.get(old.get_absolute_url())

    assert response.context["successor"] == newest


def test_a_successor_that_is_not_published_is_not_offered(client):
    draft = make_practice(title="Unfinished successor", status=Status.DRAFT)
    old = make_practice(title="Old", status=Status.ARCHIVED, successor=draft)

    response = client.get(old.get_absolute_url())

    assert response.status_code == 410
    assert "Unfinished successor" not in response.content.decode()


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REVIEW])
def test_other_unpublished_states_stay_not_found(client, status):
    assert client.get(make_practice(status=status).get_absolute_url()).status_code == 404


def test_the_demo_withdrawn_template_points_to_its_successor(client, corpus):
    response = client.get(corpus["demo-archived-01"].get_absolute_url())

    assert response.status_code == 410
    assert response.context["successor"] == corpus["demo-en-02"]


def test_a_declined_suggestion_never_published_stays_not_found(client):
    from knowledge import services
    from tests.factories import UserFactory

    suggestion = make_practice(
        title="Secret suggestion", status=Status.REVIEW, submitted_by=UserFactory()
    )
    services.submission_decline(practice=suggestion)
    suggestion.refresh_from_db()

    response = client.get(suggestion.get_absolute_url())

    assert suggestion.status == Status.ARCHIVED
    assert response.status_code == 404
    assert "Secret suggestion" not in response.content.decode()


def test_staff_still_preview_an_archived_practice(staff):
    old = make_practice(title="Archived", status=Status.ARCHIVED)

    response = client_for(staff).get(old.get_absolute_url())

    assert response.status_code == 200
    assert "Preview for curators" in response.content.decode()


def test_the_successor_is_editable_in_the_admin_and_cannot_be_itself(staff):
    from knowledge.admin import PracticeAdminForm

    old = make_practice(title="Old", status=Status.ARCHIVED)
    new = make_practice(title="New")
    assert "successor" in PracticeAdminForm.base_fields
    data = {
        "source_id": old.source_id,
        "title": old.title,
        "summary": old.summary,
        "type": old.type,
        "language": old.language,
        "status": old.status,
        "successor": old.pk,
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
    }
    curator = client_for(staff)
    url = f"/admin/knowledge/practice/{old.pk}/change/"

    assert curator.post(url, data).status_code == 200  # itself: refused
    assert curator.post(url, {**data, "successor": new.pk}).status_code == 302
    old.refresh_from_db()
    assert old.successor == new


def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 410
    return len(queries)


def test_the_withdrawn_page_keeps_a_constant_number_of_queries(client):
    old = make_practice(title="Old", status=Status.ARCHIVED, themes=["supply-chain"])
    make_practice(themes=["supply-chain"])
    few = _queries(client, old.get_absolute_url())
    for _n in range(10):
        make_practice(themes=["supply-chain"])

    assert _queries(client, old.get_absolute_url()) == few
