"""Practices that serve an action (issue 15, DESIGN-MTS resources): the action's page lists the
published ones, the practice's page and the library say "Serves DESIGN-MTS action 1.2", and
every change of the links renews the cached pages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from commitments import services
from commitments.models import ActionPractice, Framework
from knowledge.models import Practice, Status
from tests.commitments.conftest import action
from tests.conftest import client_for
from tests.knowledge.conftest import make_practice
from tests.utils import queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def guidelines(framework) -> Practice:
    practice = make_practice(
        title="Guidelines for MTS enterprises", summary="What a machine tool company can do."
    )
    services.action_practice_link(action=action(framework, "2.1"), practice=practice)
    return practice


def _html(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_action_page_lists_the_practices_serving_it(framework, guidelines):
    html = _html(Client(), action(framework, "2.1").get_absolute_url())

    assert "Practices that serve this action" in html
    assert f'href="{guidelines.get_absolute_url()}"' in html
    assert "What a machine tool company can do." in html


def test_an_action_without_practices_says_so(framework):
    html = _html(Client(), action(framework, "1.1").get_absolute_url())

    assert "No practice from the knowledge centre is linked to this action yet." in html


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REVIEW, Status.ARCHIVED])
def test_unpublished_practices_are_hidden_everywhere(framework, status):
    practice = make_practice(title="Unfinished training module", status=status)
    services.action_practice_link(action=action(framework, "1.2"), practice=practice)

    assert "Unfinished training module" not in _html(
        Client(), action(framework, "1.2").get_absolute_url()
    )
    assert Client().get(practice.get_absolute_url()).status_code in (404, 410)


def test_the_practice_page_says_which_actions_it_serves(framework, guidelines):
    services.action_practice_link(action=action(framework, "2.2"), practice=guidelines)

    html = _html(Client(), guidelines.get_absolute_url())

    assert "Sector commitments it serves" in html
    for code in ("2.1", "2.2"):
        url = action(framework, code).get_absolute_url()
        assert f'<a href="{url}">Serves DESIGN-MTS action {code}</a>:' in html
    assert "Dissemination of guidelines developed" in html


def test_a_practice_serving_no_action_shows_no_section(framework):
    practice = make_practice(title="Energy audit")

    assert "Sector commitments it serves" not in _html(Client(), practice.get_absolute_url())


def test_an_unpublished_framework_is_not_named(framework, guidelines):
    Framework.objects.filter(pk=framework.pk).update(is_published=False)

    assert "Serves DESIGN-MTS" not in _html(Client(), guidelines.get_absolute_url())
    assert "Serves DESIGN-MTS" not in _html(Client(), "/knowledge/?q=guidelines")


def test_the_library_labels_each_result_serving_an_action(framework, guidelines):
    other = make_practice(title="Guidelines for bakeries")

    html = _html(Client(), "/knowledge/?q=guidelines")

    assert html.count("Serves DESIGN-MTS action 2.1") == 1
    assert other.title in html


def _grow(framework: Framework, n: int) -> None:
    for i in range(n):
        practice = make_practice(title=f"Guidelines for MTS firms, part {i}")
        for code in ("1.2", "2.1", "3.2"):
            services.action_practice_link(action=action(framework, code), practice=practice)


def test_the_library_reads_the_labels_in_one_query_however_many_results(framework):
    _grow(framework, 2)
    client = Client()
    few = queries_for(client, "/knowledge/?q=guidelines")
    _grow(framework, 12)

    many = queries_for(client, "/knowledge/?q=guidelines")

    assert many == few
    # A full page of results, each serving three actions.
    assert _html(client, "/knowledge/?q=guidelines").count("Serves DESIGN-MTS action") >= 30


def test_the_action_page_takes_the_same_queries_with_many_practices(framework):
    url = action(framework, "2.1").get_absolute_url()
    _grow(framework, 2)
    client = Client()
    few = queries_for(client, url)
    _grow(framework, 15)

    assert queries_for(client, url) == few
    assert _html(client, url).count("Guidelines for MTS firms, part") == 17


def test_the_practice_page_takes_the_same_queries_serving_many_actions(framework):
    practice = make_practice(title="Guidelines for MTS enterprises")
    services.action_practice_link(action=action(framework, "1.1"), practice=practice)
    client = Client()
    few = queries_for(client, practice.get_absolute_url())
    for code in ("1.2", "1.3", "2.1", "2.2", "3.1", "3.2"):
        services.action_practice_link(action=action(framework, code), practice=practice)

    assert queries_for(client, practice.get_absolute_url()) == few


def test_linking_twice_keeps_one_link_in_order(framework):
    first, second = make_practice(), make_practice()
    target = action(framework, "1.2")
    services.action_practice_link(action=target, practice=first)
    services.action_practice_link(action=target, practice=second)
    services.action_practice_link(action=target, practice=first)

    links = ActionPractice.objects.filter(action=target)
    assert [(link.practice_id, link.position) for link in links] == [
        (first.pk, 0),
        (second.pk, 1),
    ]


# --- The page cache ----------------------------------------------------------------------------


@pytest.fixture
def cached(settings) -> None:
    settings.PAGE_CACHE_SECONDS = 300


def test_linking_renews_the_cached_practice_action_and_library_pages(
    cached, framework, django_capture_on_commit_callbacks
):
    practice = make_practice(title="Training module for MTS associations")
    target = action(framework, "1.2")
    anonymous = Client()
    pages = [practice.get_absolute_url(), target.get_absolute_url(), "/knowledge/?q=training"]
    for url in pages:
        assert "Serves DESIGN-MTS action 1.2" not in _html(anonymous, url)
        assert queries_for(anonymous, url) == 0  # now served from the cache

    with django_capture_on_commit_callbacks(execute=True):
        services.action_practice_link(action=target, practice=practice)

    assert "Serves DESIGN-MTS action 1.2" in _html(anonymous, pages[0])
    assert practice.get_absolute_url() in _html(anonymous, pages[1])
    assert "Serves DESIGN-MTS action 1.2" in _html(anonymous, pages[2])

    with django_capture_on_commit_callbacks(execute=True):
        services.action_practice_unlink(action=target, practice=practice)

    assert "Serves DESIGN-MTS action 1.2" not in _html(anonymous, pages[0])
    assert practice.get_absolute_url() not in _html(anonymous, pages[1])


def test_withdrawing_a_practice_renews_the_cached_action_page(
    cached, framework, guidelines, staff, django_capture_on_commit_callbacks
):
    from knowledge import services as knowledge_services

    url = action(framework, "2.1").get_absolute_url()
    anonymous = Client()
    assert guidelines.get_absolute_url() in _html(anonymous, url)

    with django_capture_on_commit_callbacks(execute=True):
        knowledge_services.practices_archive(practices=Practice.objects.filter(pk=guidelines.pk))

    assert guidelines.get_absolute_url() not in _html(anonymous, url)


def test_curators_link_practices_in_the_admin_and_the_pages_renew(
    cached, framework, staff, django_capture_on_commit_callbacks
):
    practice = make_practice(title="Training module for managers in larger MTS companies")
    target = action(framework, "1.2")
    anonymous = Client()
    assert "Serves DESIGN-MTS" not in _html(anonymous, practice.get_absolute_url())
    curator = client_for(staff)
    change = reverse("admin:commitments_action_change", args=[target.pk])
    form = curator.get(change)
    assert form.status_code == 200
    assert 'name="practice_links-__prefix__-practice"' in form.content.decode()
    data = {
        "commitment": target.commitment_id,
        "number": target.number,
        "text_en": target.text,
        "sub_items-TOTAL_FORMS": "0",
        "sub_items-INITIAL_FORMS": "0",
        "practice_links-TOTAL_FORMS": "1",
        "practice_links-INITIAL_FORMS": "0",
        "practice_links-0-practice": practice.pk,
        "practice_links-0-position": "0",
        "practice_links-0-action": target.pk,
    }

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = curator.post(change, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert ActionPractice.objects.filter(action=target, practice=practice).exists()
    assert callbacks  # the generations were bumped after the commit
    assert "Serves DESIGN-MTS action 1.2" in _html(anonymous, practice.get_absolute_url())


def test_the_admin_inline_renews_the_commitments_area(framework, staff, monkeypatch):
    """Whatever the admin's blanket renewal does, saving the inline says so itself."""
    calls: list[str] = []
    monkeypatch.setattr(
        "commitments.services.action_practices_changed", lambda: calls.append("changed")
    )
    practice = make_practice(title="Joint position paper")
    target = action(framework, "3.2")
    data = {
        "commitment": target.commitment_id,
        "number": target.number,
        "text_en": target.text,
        "sub_items-TOTAL_FORMS": "0",
        "sub_items-INITIAL_FORMS": "0",
        "practice_links-TOTAL_FORMS": "1",
        "practice_links-INITIAL_FORMS": "0",
        "practice_links-0-practice": practice.pk,
        "practice_links-0-position": "0",
        "practice_links-0-action": target.pk,
    }

    response = client_for(staff).post(
        reverse("admin:commitments_action_change", args=[target.pk]), data
    )

    assert response.status_code == 302
    assert calls == ["changed"]
