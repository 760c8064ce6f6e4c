"""Constituency balance of a meeting, and the follow-up of the Forum's recommendations."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from forum import services
from forum.models import Constituency, Recommendation, RecommendationStatus
from tests.conftest import client_for
from tests.forum.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_meeting_shows_registrations_per_constituency_and_warns_the_secretariat(
    secretariat, meeting, alice, alice_member, bob_member
):
    MemberFactory(body=meeting.body, constituency=Constituency.CIVIL_SOCIETY)
    services.registration_register(meeting=meeting, user=alice)

    balance = {row["key"]: row["count"] for row in services_balance(meeting)}
    assert balance == {"business": 1, "trade-unions": 0, "civil-society": 0}

    page = client_for(secretariat).get(meeting.get_absolute_url()).content.decode()
    assert "Registrations per constituency" in page
    assert "nobody is registered yet for" in page
    assert "Trade unions, Civil society and NGOs." in page


def services_balance(meeting):
    from forum.selectors import meeting_balance

    return meeting_balance(meeting)


def test_members_see_the_balance_without_the_secretariat_warning(
    alice_client, alice_member, bob_member, meeting
):
    page = alice_client.get(meeting.get_absolute_url()).content.decode()

    assert "Registrations per constituency" in page
    assert "nobody is registered yet for" not in page


def test_anonymous_visitors_of_a_public_meeting_see_no_registrations_by_constituency(
    client, public_meeting
):
    page = client.get(public_meeting.get_absolute_url()).content.decode()

    assert "Registrations per constituency" not in page


def test_recommendation_is_reviewed_and_answered(
    secretariat,
    forum_body,
    meeting,
    alice,
    alice_member,
    bob_member,
    client,
    django_capture_on_commit_callbacks,
):
    manager = client_for(secretariat)
    manager.post(
        reverse("forum:recommendation_create", args=[forum_body.slug]),
        {
            "reference": "R4",
            "title": "Awareness-raising and competency-building",
            "text": "Further awareness-raising and competency-building activities.",
            "raised_by": [alice_member.pk],
        },
    )
    recommendation = Recommendation.objects.get()
    manager.post(
        reverse("forum:recommendation_review", args=[recommendation.uid]),
        {"meeting": meeting.pk, "status": "in-progress", "note": "Two campaigns under way."},
    )
    with django_capture_on_commit_callbacks(execute=True):
        manager.post(
            reverse("forum:recommendation_respond", args=[recommendation.uid]),
            {"response": "The Commission supports the campaigns for SMEs."},
        )

    recommendation.refresh_from_db()
    assert recommendation.status == RecommendationStatus.IN_PROGRESS
    assert [m.to for m in mail.outbox] == [[alice.email]]
    assert "The Commission supports the campaigns" in mail.outbox[0].body
    page = client.get(recommendation.get_absolute_url()).content.decode()
    assert "Two campaigns under way." in page
    assert "The Commission supports the campaigns for SMEs." in page
    # The members-only meeting is named but not linked for an anonymous reader.
    assert meeting.get_absolute_url() not in page


def test_members_cannot_record_reviews(alice_client, alice_member, forum_body):
    recommendation = Recommendation.objects.create(
        body=forum_body, reference="R1", title="t", text="x"
    )
    url = reverse("forum:recommendation_review", args=[recommendation.uid])
    assert alice_client.get(url).status_code == 403
    assert client_for_anonymous_redirect(url)


def client_for_anonymous_redirect(url):
    from django.test import Client

    response = Client().get(url)
    return response.status_code == 302 and "/accounts/login/" in response.url


def test_duplicate_reference_is_refused(secretariat, forum_body):
    Recommendation.objects.create(body=forum_body, reference="R1", title="t", text="x")
    response = client_for(secretariat).post(
        reverse("forum:recommendation_create", args=[forum_body.slug]),
        {"reference": "R1", "title": "again", "text": "y"},
    )
    assert response.status_code == 400
    assert Recommendation.objects.count() == 1


def test_unknown_recommendation_is_404(client):
    assert client.get(reverse("forum:recommendation", args=["missing"])).status_code == 404
