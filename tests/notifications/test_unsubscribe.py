from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse

from notifications import delivery, services, topics
from notifications.models import EmailOptOut, OutgoingEmail

pytestmark = pytest.mark.django_db

TOPIC = "tests.news"


@pytest.fixture(autouse=True)
def _topic():
    topics.register(TOPIC, "Test news")
    yield
    topics._TOPICS.pop(TOPIC, None)


def _send(user, key="news:1"):
    return services.email_to_member(
        user=user,
        topic=TOPIC,
        kind="invitation",  # any template set works; the footer is what is checked
        key=key,
        context={
            "organisation": {"name": "Org"},
            "inviter": user,
            "invitation": {"expires_at": None},
            "accept_url": "http://x",
        },
    )


def test_member_email_carries_one_click_unsubscribe(charlie):
    row = _send(charlie)
    delivery.outbox_send(ids=[row.pk])

    message = mail.outbox[0]
    link = row.headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in message.body
    assert link in message.alternatives[0][0]


def test_one_click_post_unsubscribes_without_a_session_or_csrf(client, charlie):
    row = _send(charlie)
    path = urlsplit(row.headers["List-Unsubscribe"].strip("<>")).path
    client.handler.enforce_csrf_checks = True

    page = client.get(path)
    response = client.post(path, {"List-Unsubscribe": "One-Click"})

    assert page.status_code == 200
    assert "Test news" in page.content.decode()
    assert response.status_code == 200
    assert EmailOptOut.objects.filter(user=charlie, topic=TOPIC).exists()
    assert _send(charlie, key="news:2") is None
    assert OutgoingEmail.objects.count() == 1


def test_forged_token_is_404(client):
    assert client.get(reverse("notifications:unsubscribe", args=["forged"])).status_code == 404


def test_account_page_turns_topics_off_and_on(charlie, charlie_client):
    page = charlie_client.get(reverse("accounts:overview")).content.decode()
    assert "Test news" in page

    charlie_client.post(reverse("notifications:preference"), {"topic": TOPIC, "wanted": "0"})
    assert not services.wants_email(user_id=charlie.pk, topic=TOPIC)
    charlie_client.post(reverse("notifications:preference"), {"topic": TOPIC, "wanted": "1"})
    assert services.wants_email(user_id=charlie.pk, topic=TOPIC)


def test_unknown_topic_is_refused(charlie, charlie_client):
    response = charlie_client.post(
        reverse("notifications:preference"), {"topic": "nope", "wanted": "0"}, follow=True
    )

    assert "Choose a kind of email" in response.content.decode()
    assert not EmailOptOut.objects.exists()


def test_inactive_person_gets_nothing(charlie):
    charlie.is_active = False
    charlie.save()

    assert _send(charlie) is None
