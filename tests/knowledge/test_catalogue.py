"""The knowledge part of the site-wide catalogue is not hollow: the site-wide tests reach its
pages for real (a scan of 404s would pass the canary without looking at anything)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.catalogue import CANARY_NAMES, CONTROL_NAME, kwargs_for, url_patterns
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _knowledge_urls(world, side):
    for name, params in url_patterns():
        if name and params and "knowledge" in name:
            for kwargs in kwargs_for(name, params, side, world):
                yield name, reverse(name, kwargs=kwargs)


def test_everyone_reaches_the_shared_practice_collection_and_attachment(world):
    shared = world.extra["knowledge"]["shared"]
    anonymous = world.viewers["anonymous"]
    pages = [
        reverse("knowledge:practice", args=[shared["practice"].slug]),
        reverse("knowledge:collection", args=[shared["collection"].slug]),
        reverse("knowledge_api:practice", args=[shared["practice"].slug]),
        reverse("knowledge_api:collection", args=[shared["collection"].slug]),
        reverse("knowledge:theme_feed", args=[world.theme.slug]),
    ]

    for page in pages:
        response = anonymous.get(page)
        assert response.status_code == 200, page
        assert shared["practice"].title in response.content.decode(), page
    attachment = anonymous.get(reverse("knowledge:attachment", args=[shared["attachment"].uid]))
    assert attachment.status_code == 200
    assert b"".join(attachment.streaming_content).startswith(b"%PDF-")


def test_a_member_reaches_their_saved_search(world):
    own = world.extra["knowledge"]["canary"]
    page = reverse("knowledge:saved_delete", args=[own["saved_search"].token])

    response = world.member.get(page)

    assert response.status_code == 200
    assert CANARY_NAMES[0] in response.content.decode()
    assert CANARY_NAMES[0] in world.member.get(reverse("knowledge:submissions")).content.decode()
    assert world.viewers["other organisation"].get(page).status_code == 404


def test_staff_see_both_sides_submissions_alike(world):
    made = world.extra["knowledge"]
    staff = world.viewers["staff"]
    canary, control = made["canary"]["submission"], made["control"]["submission"]

    queue = staff.get(reverse("admin:knowledge_submission_changelist")).content.decode()
    canary_page = staff.get(reverse("knowledge:practice", args=[canary.slug]))
    control_page = staff.get(reverse("knowledge:practice", args=[control.slug]))

    assert CANARY_NAMES[0] in queue and CONTROL_NAME in queue
    assert CANARY_NAMES[0] in canary_page.content.decode()
    assert CONTROL_NAME in control_page.content.decode()
    for viewer in ("anonymous", "other organisation"):
        assert world.viewers[viewer].get(canary_page.wsgi_request.path).status_code == 404
    api = reverse("knowledge_api:practice", args=[canary.slug])
    assert world.viewers["anonymous"].get(api).status_code == 404


def test_staff_reach_the_knowledge_pages_of_both_sides(world, staff):
    client = client_for(staff)
    client.raise_request_exception = False

    for side in (world.canary, world.control):
        submission = world.extra["knowledge"][world.side_name(side)]["submission"]
        unpublished = reverse("knowledge_api:practice", args=[submission.slug])
        for name, path in _knowledge_urls(world, side):
            response = client.get(path)
            if path == unpublished or name == "knowledge:saved_delete":
                # The API shows published practices only, even to staff; a saved search is
                # its owner's alone (test_a_member_reaches_their_saved_search).
                assert response.status_code == 404
                continue
            if name.startswith("knowledge:scan_"):
                # A quick scan is its organisation's alone, staff included
                # (tests/knowledge/test_quick_scan_views.py); starting one is a POST.
                expected = 405 if name == "knowledge:scan_start" else 404
                assert response.status_code == expected, f"{name} {path}"
                continue
            frozen = (
                "admin:knowledge_questionnaire_",
                "admin:knowledge_section_",
                "admin:knowledge_question_",
            )
            if name.startswith(frozen) and name.endswith("_delete"):
                # A published quick scan version is never deleted: its runs point at it.
                assert response.status_code == 403, f"{name} {path}"
                continue
            # The review queue's change page sends staff to the practice's own.
            assert response.status_code in (200, 302), f"{name} {path}"
            if name.startswith("admin:") and response.status_code == 302:
                assert name == "admin:knowledge_practicedueforreview_change", path
