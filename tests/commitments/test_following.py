"""Following an action or a public pledge, and the email on each status change."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from commitments import services
from commitments.models import Follow, ReportState, Status
from notifications.models import OutgoingEmail
from notifications.services import email_opt_out
from tests.commitments.conftest import action, make_pledge, make_report
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _accept(pledge, coordinator, status=Status.SUBSTANTIAL, period="2025-H2"):
    report = make_report(pledge, period, status=status, state=ReportState.SUBMITTED)
    services.report_review(report=report, by=coordinator, accept=True)
    return report


def test_signed_in_person_follows_and_unfollows_an_action(charlie_client, charlie, framework):
    url = reverse("commitments:action_follow", args=[framework.slug, "2.2"])

    response = charlie_client.post(url, {"follow": "1"})
    assert response.status_code == 302
    assert Follow.objects.filter(user=charlie, action=action(framework, "2.2")).exists()
    charlie_client.post(url, {"follow": "1"})  # twice is once
    assert Follow.objects.count() == 1
    assert "Stop following this action" in charlie_client.get(response["Location"]).content.decode()

    charlie_client.post(url, {"follow": "0"})
    assert not Follow.objects.exists()


def test_following_an_action_needs_sign_in(client, charlie_client, framework):
    url = reverse("commitments:action_follow", args=[framework.slug, "2.2"])
    assert client.post(url)["Location"].startswith(reverse("account_login"))
    assert (
        charlie_client.post(
            reverse("commitments:action_follow", args=[framework.slug, "7.7"])
        ).status_code
        == 404
    )


def test_public_pledges_can_be_followed_private_ones_not(charlie_client, charlie, framework, org_a):
    public = make_pledge(org_a, framework, "1.1", is_public=True)
    private = make_pledge(org_a, framework, "1.2")

    charlie_client.post(reverse("commitments:pledge_follow", args=[public.uid]))
    response = charlie_client.post(reverse("commitments:pledge_follow", args=[private.uid]))

    assert Follow.objects.filter(user=charlie, pledge=public).exists()
    assert response.status_code == 404
    assert not Follow.objects.filter(pledge=private).exists()


def test_making_a_pledge_private_drops_outside_followers(alice, charlie, framework, org_a):
    pledge = make_pledge(org_a, framework, "1.1", is_public=True)
    services.follow_pledge(user=charlie, pledge=pledge)
    services.follow_pledge(user=alice, pledge=pledge)

    services.pledge_set_public(pledge=pledge, by=alice, is_public=False)

    assert list(Follow.objects.values_list("user__email", flat=True)) == [alice.email]


def test_followers_are_emailed_once_per_change(
    charlie, coordinator, framework, org_a, django_capture_on_commit_callbacks
):
    pledge = make_pledge(org_a, framework, "2.1", is_public=True)
    services.follow_action(user=charlie, action=pledge.action)
    services.follow_pledge(user=charlie, pledge=pledge)  # both: still one email
    dora = UserFactory(email="dora@example.org")
    services.follow_action(user=dora, action=pledge.action)

    with django_capture_on_commit_callbacks(execute=True):
        _accept(pledge, coordinator)

    followers = [
        m for m in mail.outbox if m.to != [coordinator.email] and "accepted" not in m.subject
    ]
    assert sorted(m.to[0] for m in followers) == ["charlie@example.org", "dora@example.org"]
    message = next(m for m in followers if m.to == ["charlie@example.org"])
    assert org_a.name in message.body
    assert "“No evidence” to “Substantial”" in message.body
    assert message.alternatives and "List-Unsubscribe" in message.extra_headers


def test_no_email_when_the_status_does_not_change(charlie, coordinator, framework, org_a):
    pledge = make_pledge(org_a, framework, "2.1", is_public=True)
    _accept(pledge, coordinator, Status.LIMITED, "2025-H1")
    services.follow_pledge(user=charlie, pledge=pledge)

    _accept(pledge, coordinator, Status.LIMITED, "2025-H2")

    assert not OutgoingEmail.objects.filter(key__startswith="commitments.status:").exists()


def test_action_followers_are_not_told_who_a_private_pledge_is_from(
    charlie, coordinator, framework, org_a
):
    pledge = make_pledge(org_a, framework, "3.2")
    services.follow_action(user=charlie, action=pledge.action)

    _accept(pledge, coordinator)

    row = OutgoingEmail.objects.get(key__startswith="commitments.status:", to=charlie.email)
    assert org_a.name not in row.body_text
    assert org_a.name not in row.body_html
    assert org_a.name not in row.subject
    assert "An organisation's pledge to 3.2" in row.body_text


def test_unsubscribed_followers_get_nothing(charlie, coordinator, framework, org_a):
    pledge = make_pledge(org_a, framework, "3.2", is_public=True)
    services.follow_pledge(user=charlie, pledge=pledge)
    email_opt_out(user_id=charlie.pk, topic=services.TOPIC_FOLLOWING)

    _accept(pledge, coordinator)

    assert not OutgoingEmail.objects.filter(to=charlie.email).exists()


def test_following_page_lists_what_you_follow(charlie_client, charlie, framework, org_a):
    services.follow_action(user=charlie, action=action(framework, "1.2"))
    public = make_pledge(org_a, framework, "1.1", is_public=True)
    services.follow_pledge(user=charlie, pledge=public)

    html = charlie_client.get(reverse("commitments:following")).content.decode()

    assert "action 1.2" in html
    assert public.get_absolute_url() in html
