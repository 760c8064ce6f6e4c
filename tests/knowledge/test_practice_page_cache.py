"""A practice's page keeps its rendered body (under a digest of the text) and what it shows
around the practice (under the library's generation) in the shared cache. Signed-in visitors
are never served a cached page, so these tests sign in: every change must still show at once."""

from __future__ import annotations

import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from knowledge import services
from knowledge.models import Practice, Status
from taxonomy.models import Theme
from tests.conftest import client_for
from tests.knowledge.conftest import make_practice
from tests.knowledge.helpers import PDF, upload
from tests.utils import queries_for

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/knowledge/practice/"


@pytest.fixture(autouse=True)
def _caches_on(settings, tmp_path):
    settings.PAGE_CACHE_SECONDS = 300
    settings.MEDIA_ROOT = tmp_path


def _related(client, practice: Practice) -> list[str]:
    # Read from the page itself: a page kept rendered renders no template to look into.
    response = client.get(practice.get_absolute_url())
    assert response.status_code == 200
    section = response.content.decode().split('id="related-heading"', 1)[1]
    return re.findall(r'<h3[^>]*><a href="[^"]+">([^<]+)</a></h3>', section)


def test_a_second_view_takes_the_parts_around_the_practice_from_the_cache(bob_client):
    practice = make_practice(themes=["eco-efficiency"])
    make_practice(title="A relative", themes=["eco-efficiency"])

    first = queries_for(bob_client, practice.get_absolute_url())
    second = queries_for(bob_client, practice.get_absolute_url())

    # The priority areas, related practices, other languages, ISO 26000 subjects, sectors,
    # downloads, links, collections and what other apps add come with the rendered page:
    # what is left is the session's user and the practice.
    assert first > 9
    assert second == 2
    assert _related(bob_client, practice) == ["A relative"]


def test_each_practice_keeps_its_own_related_practices(bob_client):
    energy = make_practice(themes=["eco-efficiency"])
    supply = make_practice(themes=["supply-chain"])
    make_practice(title="About energy", themes=["eco-efficiency"])
    make_practice(title="About suppliers", themes=["supply-chain"])

    assert _related(bob_client, energy) == ["About energy"]
    assert _related(bob_client, supply) == ["About suppliers"]
    assert _related(bob_client, energy) == ["About energy"]


def test_an_edited_body_shows_at_once_even_if_no_change_was_announced(bob_client):
    practice = make_practice(body="The **first** wording.")
    assert (
        "The <strong>first</strong> wording."
        in bob_client.get(practice.get_absolute_url()).content.decode()
    )

    # A write that neither bumps the library's generation nor touches updated_at: the body is
    # cached under a digest of its text, so it cannot be served stale.
    Practice.objects.filter(pk=practice.pk).update(body="The **second** wording.")
    html = bob_client.get(practice.get_absolute_url()).content.decode()

    assert "The <strong>second</strong> wording." in html
    assert "first" not in html


def test_archiving_a_related_practice_removes_it_at_once(
    bob_client, django_capture_on_commit_callbacks
):
    practice = make_practice(themes=["eco-efficiency"])
    relative = make_practice(title="Soon archived", themes=["eco-efficiency"])
    assert _related(bob_client, practice) == ["Soon archived"]

    with django_capture_on_commit_callbacks(execute=True):
        services.practices_archive(practices=[relative])

    assert _related(bob_client, practice) == []


def test_publishing_another_practice_adds_it_at_once(
    bob_client, django_capture_on_commit_callbacks
):
    practice = make_practice(themes=["eco-efficiency"])
    newcomer = make_practice(
        title="Just published", themes=["eco-efficiency"], status=Status.REVIEW
    )
    assert _related(bob_client, practice) == []

    with django_capture_on_commit_callbacks(execute=True):
        services.practices_publish(practices=[newcomer])

    assert _related(bob_client, practice) == ["Just published"]


def test_unpublishing_a_practice_in_the_admin_removes_it_at_once(
    staff, bob_client, django_capture_on_commit_callbacks
):
    practice = make_practice(themes=["eco-efficiency"])
    relative = make_practice(title="Archived by a curator", themes=["eco-efficiency"])
    assert _related(bob_client, practice) == ["Archived by a curator"]

    with django_capture_on_commit_callbacks(execute=True):
        client_for(staff).post(
            CHANGELIST, {"action": "archive", ACTION_CHECKBOX_NAME: [relative.pk]}
        )

    relative.refresh_from_db()
    assert relative.status == Status.ARCHIVED
    assert _related(bob_client, practice) == []


def test_new_priority_areas_set_in_the_admin_change_the_related_practices_at_once(
    staff, bob_client, django_capture_on_commit_callbacks
):
    practice = make_practice(title="Retagged", themes=["eco-efficiency"])
    make_practice(title="About energy", themes=["eco-efficiency"])
    make_practice(title="About suppliers", themes=["supply-chain"])
    assert _related(bob_client, practice) == ["About energy"]

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(staff).post(
            f"{CHANGELIST}{practice.pk}/change/",
            {
                "source_id": practice.source_id,
                "title": practice.title,
                "summary": practice.summary,
                "body": practice.body,
                "type": practice.type,
                "language": practice.language,
                "status": practice.status,
                "themes": [Theme.objects.get(slug="supply-chain").pk],
                "attachments-TOTAL_FORMS": "0",
                "attachments-INITIAL_FORMS": "0",
                "links-TOTAL_FORMS": "0",
                "links-INITIAL_FORMS": "0",
            },
        )
    assert response.status_code == 302, response.context["adminform"].form.errors

    assert _related(bob_client, practice) == ["About suppliers"]


def test_a_download_added_through_the_service_shows_at_once(
    bob_client, django_capture_on_commit_callbacks
):
    practice = make_practice()
    assert "checklist.pdf" not in bob_client.get(practice.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_add(practice=practice, upload=upload("checklist.pdf", PDF))

    assert "checklist.pdf" in bob_client.get(practice.get_absolute_url()).content.decode()


def test_nothing_is_kept_when_the_page_cache_is_off(bob_client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    practice = make_practice(themes=["eco-efficiency"])
    assert _related(bob_client, practice) == []

    make_practice(title="Added without a service", themes=["eco-efficiency"])

    assert _related(bob_client, practice) == ["Added without a service"]


def test_an_edited_title_shows_at_once_even_if_no_change_was_announced(bob_client):
    practice = make_practice(title="The first title")
    assert "The first title" in bob_client.get(practice.get_absolute_url()).content.decode()

    # Neither the library's generation nor updated_at moves: the page is kept under a digest
    # of the practice's own row.
    Practice.objects.filter(pk=practice.pk).update(title="The second title")
    html = bob_client.get(practice.get_absolute_url()).content.decode()

    assert "The second title" in html
    assert "The first title" not in html


def test_the_kept_page_is_rendered_in_each_language(bob_client):
    practice = make_practice(themes=["eco-efficiency"])
    english = bob_client.get(practice.get_absolute_url()).content.decode()
    dutch = bob_client.get("/nl" + practice.get_absolute_url()).content.decode()

    assert "Related practices" in english
    assert "Related practices" not in dutch


def test_a_draft_previewed_by_staff_is_never_kept_for_the_published_page(
    staff, bob_client, django_capture_on_commit_callbacks
):
    practice = make_practice(title="Under review", status=Status.REVIEW)
    preview = client_for(staff).get(practice.get_absolute_url()).content.decode()
    assert "Preview for curators" in preview

    with django_capture_on_commit_callbacks(execute=True):
        services.practices_publish(practices=[practice])

    assert (
        "Preview for curators" not in bob_client.get(practice.get_absolute_url()).content.decode()
    )
