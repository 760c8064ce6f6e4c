"""Curation in the admin: filters and search, bulk publish and archive with history, the review
queue for submissions, the queue of practices past their review-by date, preview, collections."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from knowledge.models import Collection, CollectionItem, Practice, Status
from notifications.models import OutgoingEmail
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.knowledge.conftest import make_practice

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/knowledge/practice/"


@pytest.fixture
def curator(staff):
    return client_for(staff)


def test_the_changelist_filters_and_searches(curator):
    make_practice(title="Findable energy guide", status=Status.DRAFT)
    make_practice(title="Other")

    drafts = curator.get(CHANGELIST, {"status__exact": "draft"})
    found = curator.get(CHANGELIST, {"q": "findable"})

    assert drafts.context["cl"].result_count == 1
    assert found.context["cl"].result_count == 1


def test_bulk_publish_sets_the_date_and_keeps_history(curator):
    drafts = [make_practice(status=Status.DRAFT) for _ in range(2)]

    curator.post(
        CHANGELIST,
        {"action": "publish", ACTION_CHECKBOX_NAME: [p.pk for p in drafts]},
    )

    for practice in drafts:
        practice.refresh_from_db()
        assert practice.status == Status.PUBLISHED and practice.published_at
        assert practice.history.count() == 2  # created, then published
    assert curator.get(f"{CHANGELIST}{drafts[0].pk}/history/").status_code == 200


def test_bulk_archive(curator):
    practice = make_practice()

    curator.post(CHANGELIST, {"action": "archive", ACTION_CHECKBOX_NAME: [practice.pk]})

    practice.refresh_from_db()
    assert practice.status == Status.ARCHIVED


def test_the_review_queue_holds_submissions_only(curator):
    submitted = make_practice(status=Status.REVIEW, title="Suggested", submitted_by=UserFactory())
    make_practice(title="Already published")

    response = curator.get("/admin/knowledge/submission/")

    assert [p.pk for p in response.context["cl"].result_list] == [submitted.pk]


def _decide_submission(curator, capture_on_commit, action, *, title):
    """A submission by sme@example.org, on which the curator takes ``action`` in the queue."""
    submitter = UserFactory(email="sme@example.org")
    practice = make_practice(status=Status.REVIEW, title=title, submitted_by=submitter)
    with capture_on_commit(execute=True):
        curator.post(
            "/admin/knowledge/submission/", {"action": action, ACTION_CHECKBOX_NAME: [practice.pk]}
        )
    practice.refresh_from_db()
    return practice


def test_publishing_from_the_review_queue_emails_the_submitter(
    curator, django_capture_on_commit_callbacks, mailoutbox
):
    practice = _decide_submission(
        curator, django_capture_on_commit_callbacks, "publish", title="Our checklist"
    )

    assert practice.status == Status.PUBLISHED
    assert [m.to for m in mailoutbox] == [["sme@example.org"]]
    assert "Our checklist" in mailoutbox[0].subject
    assert practice.get_absolute_url() in mailoutbox[0].body


def test_declining_archives_and_emails_the_submitter(
    curator, django_capture_on_commit_callbacks, mailoutbox
):
    practice = _decide_submission(
        curator, django_capture_on_commit_callbacks, "decline", title="Not for us"
    )

    assert practice.status == Status.ARCHIVED
    assert len(mailoutbox) == 1
    assert "decided not to publish" in mailoutbox[0].body
    assert mailoutbox[0].alternatives  # multipart: text and HTML
    assert OutgoingEmail.objects.filter(to="sme@example.org").count() == 1


def test_the_overdue_queue_lists_published_practices_past_review_by(curator):
    overdue = make_practice(review_by=dt.date(2020, 1, 1))
    make_practice(review_by=dt.date(2999, 1, 1))
    make_practice(review_by=dt.date(2020, 1, 1), status=Status.ARCHIVED)

    response = curator.get("/admin/knowledge/practicedueforreview/")

    assert [p.pk for p in response.context["cl"].result_list] == [overdue.pk]


def test_preview_links_to_the_practice_page(curator):
    practice = make_practice(status=Status.DRAFT)

    change = curator.get(f"{CHANGELIST}{practice.pk}/change/").content.decode()

    assert "View on site" in change
    assert curator.get(practice.get_absolute_url()).status_code == 200


def test_the_change_form_saves_audience_and_countries(curator):
    practice = make_practice(title="Edit me")
    data = {
        "source_id": practice.source_id,
        "title": "Edited",
        "summary": "S",
        "body": "",
        "type": "guide",
        "language": "en",
        "status": "published",
        "audience": ["sme", "trainer"],
        "countries": ["BE", "NL"],
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
    }

    response = curator.post(f"{CHANGELIST}{practice.pk}/change/", data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    practice.refresh_from_db()
    assert practice.title == "Edited"
    assert practice.audience == ["sme", "trainer"] and practice.countries == ["BE", "NL"]


def test_collections_are_ordered_in_the_admin(curator):
    first, second = make_practice(title="First"), make_practice(title="Second")
    data = {
        "title": "Box",
        "slug": "box",
        "description": "",
        "is_published": "on",
        "items-TOTAL_FORMS": "2",
        "items-INITIAL_FORMS": "0",
        "items-0-position": "2",
        "items-0-practice": first.pk,
        "items-1-position": "1",
        "items-1-practice": second.pk,
    }

    response = curator.post("/admin/knowledge/collection/add/", data)

    assert response.status_code == 302
    collection = Collection.objects.get(slug="box")
    assert [i.practice for i in CollectionItem.objects.filter(collection=collection)] == [
        second,
        first,
    ]


def test_admin_pages_open(curator):
    practice = make_practice()
    for url in [
        CHANGELIST,
        f"{CHANGELIST}{practice.pk}/change/",
        f"{CHANGELIST}add/",
        "/admin/knowledge/collection/",
        "/admin/knowledge/savedsearch/",
        "/admin/knowledge/submission/",
        "/admin/knowledge/practicedueforreview/",
    ]:
        assert curator.get(url).status_code == 200, url
    assert Practice.objects.count() == 1


def test_a_past_version_opens_from_the_history(curator):
    practice = make_practice(title="Old title")
    practice.title = "New title"
    practice.save()
    version = practice.history.order_by("history_id").first()

    response = curator.get(f"{CHANGELIST}{practice.pk}/history/{version.history_id}/")

    assert response.status_code == 200
    assert "Old title" in response.content.decode()
