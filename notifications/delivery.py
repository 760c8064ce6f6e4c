"""Sending what the outbox holds: rows claimed in one statement, sent over this process's
connection to the relay, marked together, and retried on a ladder (docs/email.md); the
dispatcher's batches and the purge.
"""

from __future__ import annotations

import logging
import os
import smtplib
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.signals import setting_changed
from django.db import connection, transaction
from django.db.models import F, Q
from django.dispatch import receiver
from django.utils import timezone

from notifications.models import OutgoingEmail, Status
from notifications.services import SecretLost, email_opened, in_batches

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Waits after a failed attempt: a short ladder, then give up and show it to staff.
RETRY_LADDER = [
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
]
STALLED_AFTER = timedelta(minutes=15)

_CLAIM_SQL = """
UPDATE {table} SET status = %s, claimed_at = %s, attempts = attempts + 1
WHERE id IN (
    SELECT id FROM {table} WHERE id = ANY(%s) AND status = %s
    ORDER BY id FOR UPDATE SKIP LOCKED
)
RETURNING *
"""


def _claim(ids: list[int]) -> list[OutgoingEmail]:
    """Claim the given rows that are still queued, in one statement: rows another worker
    holds or has sent are skipped."""
    now = timezone.now()
    if connection.vendor == "postgresql":
        sql = _CLAIM_SQL.format(table=OutgoingEmail._meta.db_table)
        rows = OutgoingEmail.objects.raw(sql, [Status.SENDING, now, list(ids), Status.QUEUED])
        return sorted(rows, key=lambda row: row.pk)
    # SQLite (`make run`) writes one transaction at a time: no row locks to skip.
    with transaction.atomic():
        claimed = list(
            OutgoingEmail.objects.filter(pk__in=ids, status=Status.QUEUED).values_list(
                "pk", flat=True
            )
        )
        OutgoingEmail.objects.filter(pk__in=claimed).update(
            status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    return list(OutgoingEmail.objects.filter(pk__in=claimed).order_by("pk"))


class _Relay:
    """This process's connection to the mail relay (Django's email backend): opened on first
    use and kept for every batch after it, since a worker process sends one batch at a time.
    A pool process forked from another opens its own rather than write to its parent's
    socket."""

    def __init__(self) -> None:
        self._backend: Any = None
        self._pid = 0

    def connection(self) -> Any:
        """The open connection; raises when the relay cannot be reached."""
        if self._backend is None or self._pid != os.getpid():
            self._backend, self._pid = get_connection(), os.getpid()
        self._backend.open()  # does nothing when it is open
        return self._backend

    def close(self) -> None:
        if self._backend is not None and self._pid == os.getpid():
            try:
                self._backend.close()
            except Exception as exc:  # a connection that failed may fail to say goodbye
                logger.info("Closing the connection to the SMTP server failed: %s", exc)
        self._backend = None


_relay = _Relay()


@receiver(setting_changed)
def _email_settings_changed(*, setting: str, **kwargs: Any) -> None:
    # Settings change while running only in tests (override_settings): a connection made
    # under the old email settings is not the one now asked for.
    if setting.startswith("EMAIL_"):
        _relay.close()


# The relay answered, so the connection is sound and it is the message that was refused.
_ANSWERED = (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused)


def outbox_send(*, ids: list[int]) -> int:
    """Send the given rows and return how many were sent.

    The rows are marked sent together when the batch is done: a worker killed mid-batch
    leaves them claimed, the dispatcher queues them again after ``STALLED_AFTER``, and at
    most this one batch goes out twice.
    """
    rows = _claim(ids)
    if not rows:
        return 0
    sent: list[int] = []
    failed: list[tuple[OutgoingEmail, Exception]] = []
    try:
        _deliver(rows, sent, failed)
    finally:
        # Also when the task is interrupted: what is known sent is not sent again.
        _settle(sent, failed)
    return len(sent)


def _deliver(
    rows: list[OutgoingEmail], sent: list[int], failed: list[tuple[OutgoingEmail, Exception]]
) -> None:
    """Send ``rows`` one by one, noting each outcome in ``sent`` or ``failed``."""
    try:
        _relay.connection()
    except Exception as exc:  # the relay is unreachable: every row waits for a retry
        failed.extend((row, exc) for row in rows)
        return
    for row in rows:
        try:
            _send(row)
        except Exception as exc:  # one bad recipient must not stop the batch
            failed.append((row, exc))
        else:
            sent.append(row.pk)


def _send(row: OutgoingEmail) -> None:
    """Send one row. A lost connection (the relay closed it while it was idle, or after a 421
    answer) is opened again and the message tried once more on the new one; a message the
    relay refused is not."""
    message = _message(row)
    try:
        _relay.connection().send_messages([message])
    except _ANSWERED:
        raise
    except OSError as exc:  # smtplib's and the socket's errors
        logger.info("Lost the connection to the SMTP server (%s); opening a new one", exc)
        _relay.close()
        _relay.connection().send_messages([message])


def _message(row: OutgoingEmail) -> EmailMultiAlternatives:
    """The row as Django's message: the plain text, the HTML as its alternative, the row's
    headers (List-Unsubscribe), secrets put back in."""
    subject, text, html = email_opened(row)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[row.to],
        headers=row.headers,
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message


def _settle(sent: list[int], failed: list[tuple[OutgoingEmail, Exception]]) -> None:
    """Mark the sent rows sent, in one update, and put the failed ones back or give up."""
    if sent:
        OutgoingEmail.objects.filter(pk__in=sent, status=Status.SENDING).update(
            status=Status.SENT, sent_at=timezone.now(), last_error="", sealed=""
        )
    for row, exc in failed:
        logger.warning("Sending outgoing email %s failed: %s", row.pk, exc)
        _record_failure(row, exc)


def is_permanent(exc: Exception) -> bool:
    """A 5xx answer from the SMTP server will not change on retry; 4xx and lost connections
    might."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    return isinstance(exc, SecretLost)


def _record_failure(row: OutgoingEmail, exc: Exception) -> None:
    if row.attempts >= MAX_ATTEMPTS or is_permanent(exc):
        status, due_at = Status.FAILED, row.due_at
    else:
        wait = RETRY_LADDER[min(row.attempts, len(RETRY_LADDER)) - 1]
        status, due_at = Status.QUEUED, timezone.now() + wait
    # A message given up keeps no secret: nobody may send it by hand later.
    sealed = "" if status == Status.FAILED else row.sealed
    OutgoingEmail.objects.filter(pk=row.pk, status=Status.SENDING).update(
        status=status, due_at=due_at, last_error=str(exc)[:2000], sealed=sealed
    )


def outbox_due_batches() -> list[list[int]]:
    """Requeue stalled rows, then return the ids of every due row in batches."""
    OutgoingEmail.objects.stalled(older_than=STALLED_AFTER).update(status=Status.QUEUED)
    ids = OutgoingEmail.objects.due().order_by("due_at", "pk").values_list("pk", flat=True)
    return in_batches(list(ids))


def outbox_purge(*, older_than_days: int, secret_older_than_hours: int) -> int:
    """Delete sent and failed messages older than ``older_than_days``, and those that carried
    a secret older than ``secret_older_than_hours``: their text holds personal data that is
    no longer needed once delivery is settled, and a reset or invitation mail no longer than
    a support question about it takes."""
    now = timezone.now()
    deleted, _rows = (
        OutgoingEmail.objects.filter(status__in=[Status.SENT, Status.FAILED])
        .filter(
            Q(created__lt=now - timedelta(days=older_than_days))
            | Q(carries_secret=True, created__lt=now - timedelta(hours=secret_older_than_hours))
        )
        .delete()
    )
    return deleted
