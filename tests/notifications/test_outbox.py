from datetime import timedelta
from smtplib import SMTPRecipientsRefused

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.utils import timezone

from notifications import delivery, services, tasks
from notifications.models import OutgoingEmail, Status

pytestmark = pytest.mark.django_db

RENDERED = services.Rendered(subject="Hello", text="Plain words.", html="<p>Plain words.</p>")


def _enqueue(key="test:1", to="dora@example.org", **kwargs):
    return services.email_enqueue(key=key, to=to, rendered=RENDERED, **kwargs)


def test_row_is_sent_after_commit_as_multipart(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = _enqueue()
        assert mail.outbox == []  # nothing leaves before the transaction commits

    row.refresh_from_db()
    assert row.status == Status.SENT
    assert row.sent_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["dora@example.org"]
    assert mail.outbox[0].body == "Plain words."
    assert mail.outbox[0].alternatives[0] == ("<p>Plain words.</p>", "text/html")


def test_same_key_is_written_and_sent_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = _enqueue()
        second = _enqueue()

    assert first.pk == second.pk
    assert OutgoingEmail.objects.count() == 1
    assert len(mail.outbox) == 1


def test_rolled_back_change_sends_nothing(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _enqueue()
        raise RuntimeError("the change that caused the email failed")

    assert not OutgoingEmail.objects.exists()
    assert mail.outbox == []


def test_claimed_row_is_not_sent_twice():
    row = _enqueue()

    assert delivery.outbox_send(ids=[row.pk]) == 1
    assert delivery.outbox_send(ids=[row.pk]) == 0
    assert len(mail.outbox) == 1


def test_future_row_waits_for_the_dispatcher():
    later = timezone.now() + timedelta(hours=2)
    row = _enqueue(due_at=later)

    assert tasks.dispatch_due.apply().get() == 0
    with time_machine.travel(later + timedelta(minutes=1)):
        assert tasks.dispatch_due.apply().get() == 1

    row.refresh_from_db()
    assert row.status == Status.SENT
    assert len(mail.outbox) == 1


def test_dispatcher_batches_due_rows():
    rows = [
        _enqueue(key=f"batch:{n}", to=f"p{n}@example.org") for n in range(services.BATCH_SIZE + 5)
    ]

    assert delivery.outbox_due_batches() == [
        [r.pk for r in rows[: services.BATCH_SIZE]],
        [r.pk for r in rows[services.BATCH_SIZE :]],
    ]


def test_stalled_row_goes_back_to_the_queue():
    row = _enqueue()
    OutgoingEmail.objects.filter(pk=row.pk).update(status=Status.SENDING, claimed_at=timezone.now())

    assert delivery.outbox_due_batches() == []
    with time_machine.travel(timezone.now() + delivery.STALLED_AFTER + timedelta(minutes=1)):
        assert delivery.outbox_due_batches() == [[row.pk]]


class OfflineBackend:
    """An email backend that connects to nothing; subclasses say what sending does."""

    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        return True

    def close(self):
        pass


class RefusingBackend(OfflineBackend):
    """An email backend whose server refuses every recipient for now (4xx), like a busy relay."""

    def send_messages(self, messages):
        raise SMTPRecipientsRefused({m.to[0]: (450, b"mailbox unavailable") for m in messages})


def test_failure_retries_on_a_ladder_then_gives_up(settings):
    settings.EMAIL_BACKEND = "tests.notifications.test_outbox.RefusingBackend"
    row = _enqueue()

    assert delivery.outbox_send(ids=[row.pk]) == 0
    row.refresh_from_db()
    assert row.status == Status.QUEUED
    assert row.attempts == 1
    assert row.due_at > timezone.now() + timedelta(seconds=50)
    assert "mailbox unavailable" in row.last_error

    for _ in range(delivery.MAX_ATTEMPTS - 1):
        OutgoingEmail.objects.filter(pk=row.pk).update(due_at=timezone.now())
        delivery.outbox_send(ids=[row.pk])
    row.refresh_from_db()
    assert row.status == Status.FAILED
    assert row.attempts == delivery.MAX_ATTEMPTS


def test_plain_text_parts_are_not_html_escaped(alice):
    from accounts.models import Organisation

    organisation = Organisation(name="Heron Tiles & Ceramics <Ghent>", slug="x")
    rendered = services.email_render(
        kind="invitation",
        context={
            "organisation": organisation,
            "inviter": alice,
            "invitation": {"expires_at": timezone.now()},
            "accept_url": "http://x/?a=1&b=2",
        },
    )

    assert "Heron Tiles & Ceramics <Ghent>" in rendered.subject
    assert "Heron Tiles & Ceramics <Ghent>" in rendered.text
    assert "http://x/?a=1&b=2" in rendered.text
    assert "Heron Tiles &amp; Ceramics &lt;Ghent&gt;" in rendered.html


class WatchingBackend(OfflineBackend):
    """Before each message goes out, notes how many rows the database shows as sending and as
    sent: what a worker killed at that moment (SIGKILL, no clean-up) would leave behind."""

    seen: list[tuple[int, int]] = []

    def send_messages(self, messages):
        WatchingBackend.seen.append(
            (
                OutgoingEmail.objects.filter(status=Status.SENDING).count(),
                OutgoingEmail.objects.filter(status=Status.SENT).count(),
            )
        )
        return len(messages)


def test_a_batch_is_claimed_whole_and_marked_sent_together(settings):
    settings.EMAIL_BACKEND = "tests.notifications.test_outbox.WatchingBackend"
    WatchingBackend.seen = []
    rows = [_enqueue(key=f"watch:{n}", to=f"m{n}@example.org") for n in range(5)]

    assert delivery.outbox_send(ids=[r.pk for r in rows]) == 5

    # A worker killed mid-batch leaves the batch claimed and nothing marked sent: the
    # dispatcher queues the batch again after STALLED_AFTER, so at most this batch goes twice.
    assert WatchingBackend.seen == [(5, 0)] * 5
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {Status.SENT}


@pytest.mark.parametrize("size", [3, 30])
def test_sending_a_batch_takes_two_queries_whatever_its_size(size, django_assert_num_queries):
    rows = [_enqueue(key=f"size:{n}", to=f"m{n}@example.org") for n in range(size)]

    with django_assert_num_queries(2):  # claim them all, mark them all sent
        assert delivery.outbox_send(ids=[r.pk for r in rows]) == size
    assert len(mail.outbox) == size


def test_a_row_goes_out_as_djangos_multipart_message_with_its_headers():
    from email import message_from_bytes, policy

    subject = "Résumé hebdomadaire du forum, 25 août–31 août 2031 " + "très long " * 8
    text = "Première ligne\nUn lien : https://portal.example.org/x/?a=1&b=2\n\n.\n-- \nFin"
    html = '<p lang="fr">Première ligne &amp; <a href="x">lien</a></p>'
    link = "<https://portal.example.org/email/unsubscribe/" + "t" * 90 + ">"
    row = services.email_enqueue(
        key="test:headers",
        to="dora@example.org",
        rendered=services.Rendered(subject=subject, text=text, html=html),
        headers={"List-Unsubscribe": link, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )

    assert delivery.outbox_send(ids=[row.pk]) == 1

    [sent] = mail.outbox
    parsed = message_from_bytes(sent.message().as_bytes(), policy=policy.default)
    assert parsed.get_content_type() == "multipart/alternative"
    assert [(part.get_content_type(), part.get_content()) for part in parsed.iter_parts()] == [
        ("text/plain", text),
        ("text/html", html),
    ]
    # The email package may fold a long header before its first word.
    assert str(parsed["Subject"]).strip() == subject.strip()
    assert parsed.get_all("To") == ["dora@example.org"]
    assert str(parsed["List-Unsubscribe"]).strip() == link
    assert str(parsed["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click"
    assert all(parsed[name] for name in ("From", "Date", "Message-ID", "MIME-Version"))


def test_batches_of_one_process_share_one_connection(settings):
    settings.EMAIL_BACKEND = "tests.notifications.test_outbox.CountingBackend"
    CountingBackend.opened = 0
    first = [_enqueue(key=f"first:{n}", to=f"m{n}@example.org") for n in range(3)]
    second = [_enqueue(key=f"second:{n}", to=f"n{n}@example.org") for n in range(3)]

    assert delivery.outbox_send(ids=[r.pk for r in first]) == 3
    assert delivery.outbox_send(ids=[r.pk for r in second]) == 3

    assert CountingBackend.opened == 1
    assert len(CountingBackend.sent) == 6


class CountingBackend:
    """A backend that counts the connections opened and keeps what it sends."""

    opened = 0
    sent: list = []

    def __init__(self, *args, **kwargs):
        self.connection = None

    def open(self):
        if self.connection:
            return False
        CountingBackend.opened += 1
        CountingBackend.sent = [] if CountingBackend.opened == 1 else CountingBackend.sent
        self.connection = object()
        return True

    def close(self):
        self.connection = None

    def send_messages(self, messages):
        CountingBackend.sent.extend(messages)
        return len(messages)
