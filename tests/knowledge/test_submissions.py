"""Submissions: a signed-in user suggests a practice with an attachment; it waits for review."""

from __future__ import annotations

import pytest

from knowledge.models import Practice, Status
from tests.knowledge.helpers import PDF, upload

pytestmark = pytest.mark.django_db
URL = "/knowledge/submit/"


def _data(**changes):
    return {
        "title": "Our waste plan",
        "summary": "How we halved our waste.",
        "body": "Step one…",
        "type": "good-practice",
        "language": "en",
        "audience": ["sme"],
        "countries": ["BE"],
        "year": "2024",
        **changes,
    }


def test_a_member_suggests_a_practice_with_an_attachment(
    charlie, charlie_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path

    response = charlie_client.post(URL, _data(attachment=upload("plan.pdf", PDF)))

    assert response.status_code == 302 and response["Location"] == "/knowledge/submissions/"
    practice = Practice.objects.get()
    assert practice.status == Status.REVIEW and practice.submitted_by == charlie
    assert practice.audience == ["sme"] and practice.countries == ["BE"]
    assert practice.attachments.get().extension == "pdf"
    listing = charlie_client.get("/knowledge/submissions/").content.decode()
    assert "Our waste plan" in listing and "In review" in listing


def test_a_suggestion_is_not_public_until_published(charlie_client, client):
    charlie_client.post(URL, _data())
    practice = Practice.objects.get()

    assert client.get(practice.get_absolute_url()).status_code == 404
    assert client.get("/knowledge/", {"q": "waste plan"}).context["results"].total == 0


def test_an_attachment_with_a_false_name_is_refused(charlie_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    response = charlie_client.post(
        URL, _data(attachment=upload("report.pdf", b"MZ\x90\x00 not a pdf at all"))
    )

    assert response.status_code == 200
    assert "This file type is not accepted" in response.content.decode()
    assert Practice.objects.count() == 0


def test_the_form_shows_errors_for_missing_fields(charlie_client):
    response = charlie_client.post(URL, {"title": ""})

    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"title", "summary", "type", "language"}


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for url in (URL, "/knowledge/submissions/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_others_do_not_see_my_suggestions(charlie_client, bob_client):
    charlie_client.post(URL, _data())

    assert "Our waste plan" not in bob_client.get("/knowledge/submissions/").content.decode()


def test_the_suggestion_list_keeps_a_constant_number_of_queries(charlie, charlie_client):
    from tests.knowledge.conftest import make_practice
    from tests.utils import queries_for

    for _ in range(3):
        make_practice(status=Status.REVIEW, submitted_by=charlie)
    few = queries_for(charlie_client, "/knowledge/submissions/")
    for _ in range(60):
        make_practice(status=Status.PUBLISHED, submitted_by=charlie)

    assert queries_for(charlie_client, "/knowledge/submissions/") == few
