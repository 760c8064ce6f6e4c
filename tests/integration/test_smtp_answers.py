"""The SMTP server answers 4xx, then 5xx: retries with back-off on 4xx; on 5xx the message is
marked failed, where staff see it in the admin."""

from __future__ import annotations

import datetime as dt

import pytest
from aiosmtpd.controller import Controller
from django.urls import reverse
from django.utils import timezone

from notifications import delivery
from notifications.models import OutgoingEmail, Status
from tests.conftest import client_for
from tests.integration.conftest import free_port

pytestmark = pytest.mark.django_db


class Scripted:
    """Answers each message with the next scripted reply."""

    def __init__(self, replies: list[str]) -> None:
        self.replies = replies
        self.accepted = 0
        self.peers: set[tuple[str, int]] = set()
        self.recipients: list[str] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        reply = self.replies.pop(0) if self.replies else "250 OK"
        if reply.startswith("250"):
            self.accepted += 1
            self.peers.add(session.peer)
            self.recipients.extend(envelope.rcpt_tos)
        return reply


@pytest.fixture
def scripted_smtp(settings):
    handler = Scripted([])
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield handler
    finally:
        controller.stop()


def _row(key="smtp:1"):
    return OutgoingEmail.objects.create(key=key, to="dora@example.org", subject="S", body_text="B")


def test_temporary_refusal_is_retried_with_back_off_then_delivered(scripted_smtp):
    scripted_smtp.replies = ["451 4.3.0 try again later"]
    row = _row()

    assert delivery.outbox_send(ids=[row.pk]) == 0
    row.refresh_from_db()
    assert row.status == Status.QUEUED
    assert row.due_at > timezone.now() + dt.timedelta(seconds=50)
    assert "451" in row.last_error

    OutgoingEmail.objects.filter(pk=row.pk).update(due_at=timezone.now())
    assert delivery.outbox_send(ids=[row.pk]) == 1
    row.refresh_from_db()
    assert row.status == Status.SENT
    assert scripted_smtp.accepted == 1


def test_permanent_refusal_fails_at_once_and_staff_see_it(scripted_smtp, staff):
    scripted_smtp.replies = ["550 5.1.1 no such mailbox"]
    row = _row()

    delivery.outbox_send(ids=[row.pk])

    row.refresh_from_db()
    assert row.status == Status.FAILED
    assert row.attempts == 1
    assert "550" in row.last_error
    page = client_for(staff).get(
        reverse("admin:notifications_outgoingemail_changelist"), {"status__exact": "failed"}
    )
    assert "dora@example.org" in page.content.decode()


def test_one_refused_message_does_not_stop_the_batch(scripted_smtp):
    scripted_smtp.replies = ["250 OK", "550 5.1.1 no such mailbox", "250 OK"]
    rows = [_row(f"smtp:{n}") for n in range(3)]

    assert delivery.outbox_send(ids=[r.pk for r in rows]) == 2
    assert sorted(OutgoingEmail.objects.values_list("status", flat=True)) == [
        Status.FAILED,
        Status.SENT,
        Status.SENT,
    ]


def test_batches_go_out_over_one_connection_per_process(scripted_smtp):
    scripted_smtp.replies = ["250 OK"] * 7 + ["550 5.1.1 no such mailbox"]
    rows = [
        OutgoingEmail.objects.create(
            key=f"smtp:{n}", to=f"member{n}@example.org", subject="S", body_text="B"
        )
        for n in range(40)
    ]

    assert delivery.outbox_send(ids=[r.pk for r in rows[:20]]) == 19
    assert delivery.outbox_send(ids=[r.pk for r in rows[20:]]) == 20

    assert len(scripted_smtp.peers) == 1  # one connection, from one local port
    assert len(set(scripted_smtp.recipients)) == 39
    statuses = list(OutgoingEmail.objects.values_list("status", flat=True))
    assert (statuses.count(Status.SENT), statuses.count(Status.FAILED)) == (39, 1)


def test_a_connection_the_relay_closed_is_opened_again(scripted_smtp):
    # 421: the relay is closing the connection (smtplib closes its end); the rest of the
    # batch goes out over a new one.
    scripted_smtp.replies = ["250 OK", "421 4.3.2 closing the connection", "250 OK"]
    rows = [_row(f"smtp:{n}") for n in range(4)]

    assert delivery.outbox_send(ids=[r.pk for r in rows]) == 3

    assert len(scripted_smtp.peers) == 2
    failed = OutgoingEmail.objects.get(status=Status.QUEUED)  # a 4xx: back in the queue
    assert failed.pk == rows[1].pk and "421" in failed.last_error


def test_an_unreachable_relay_leaves_the_batch_queued_for_a_retry(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    rows = [_row(f"smtp:{n}") for n in range(3)]

    assert delivery.outbox_send(ids=[r.pk for r in rows]) == 0

    for row in OutgoingEmail.objects.all():
        assert row.status == Status.QUEUED
        assert row.attempts == 1
        assert row.due_at > timezone.now() + dt.timedelta(seconds=50)
        assert row.last_error
