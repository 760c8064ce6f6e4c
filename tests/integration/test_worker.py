"""Mail leaves through a real Celery worker on Redis and reaches a real SMTP server."""

from __future__ import annotations

import pytest

from accounts import services as accounts_services
from notifications import tasks
from notifications.models import OutgoingEmail, Status
from tests.integration.conftest import wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _parts(message) -> dict[str, str]:
    return {
        part.get_content_type(): part.get_payload(decode=True).decode()
        for part in message.walk()
        if not part.is_multipart()
    }


def test_invitation_is_delivered_by_the_worker(celery_worker_process, alice, org_a):
    sink = celery_worker_process

    invitation = accounts_services.invitation_send(
        organisation=org_a, by=alice, email="dora@example.org"
    )

    wait_for(lambda: len(sink.messages) == 1, what="the invitation email")
    assert sink.recipients == ["dora@example.org"]
    parts = _parts(sink.messages[0])
    assert set(parts) == {"text/plain", "text/html"}
    assert invitation.get_absolute_url() in parts["text/plain"]
    wait_for(
        lambda: OutgoingEmail.objects.get().status == Status.SENT, what="the row to be marked sent"
    )
    # The link went out; the row that stays behind never held it in readable form.
    row = OutgoingEmail.objects.get()
    assert row.carries_secret
    assert row.sealed == ""
    assert invitation.token not in row.subject + row.body_text + row.body_html


def test_beat_dispatcher_fans_out_due_rows(celery_worker_process):
    sink = celery_worker_process
    rows = [
        OutgoingEmail.objects.create(
            key=f"test:{n}", to=f"member{n}@example.org", subject="Digest", body_text="Hello"
        )
        for n in range(5)
    ]

    tasks.dispatch_due.delay()

    wait_for(lambda: len(sink.messages) == len(rows), what="five messages")
    assert sorted(sink.recipients) == sorted(row.to for row in rows)
    wait_for(
        lambda: not OutgoingEmail.objects.exclude(status=Status.SENT).exists(),
        what="every row to be marked sent",
    )
