"""Handing messages to the outbox, and sending what is due.

Apps call :func:`email_enqueue` inside the transaction that causes the message; the row and
the change commit together, and the sending task is queued only once both are committed.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from notifications.consent import EMAIL_TOPICS, UNSUBSCRIBE, ConsentText
from notifications.models import ConsentRecord, EmailOptOut, OutgoingEmail, Status

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BATCH_SIZE = 100
# Waits after a failed attempt: a short ladder, then give up and show it to staff.
RETRY_LADDER = [
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
]
STALLED_AFTER = timedelta(minutes=15)


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def email_render(*, kind: str, context: dict[str, Any], language: str | None = None) -> Rendered:
    """Render ``templates/emails/<kind>.{subject.txt,txt,html}`` in the recipient's language."""
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"emails/{kind}.subject.txt", context, using="text")
        text = render_to_string(f"emails/{kind}.txt", context, using="text")
        html = render_to_string(f"emails/{kind}.html", context)
    return Rendered(subject=" ".join(subject.split()), text=text, html=html)


def email_enqueue(
    *,
    key: str,
    to: str,
    rendered: Rendered,
    headers: dict[str, str] | None = None,
    due_at: datetime | None = None,
) -> OutgoingEmail:
    """Write one message to the outbox (once per key) and send it after commit if it is due."""
    message, created = OutgoingEmail.objects.get_or_create(
        key=key,
        defaults={
            "to": to,
            "subject": rendered.subject,
            "body_text": rendered.text,
            "body_html": rendered.html,
            "headers": headers or {},
            "due_at": due_at or timezone.now(),
        },
    )
    if created and message.due_at <= timezone.now():
        pk = message.pk
        transaction.on_commit(lambda: _send_soon([pk]))
    return message


def _send_soon(ids: list[int]) -> None:
    """Queue the sending task. If the broker is down the rows stay queued in the database and
    the beat dispatcher sends them once it is back: the change that caused them stands."""
    from notifications.tasks import send_batch

    try:
        send_batch.delay(ids)
    except Exception as exc:  # kombu raises several kinds when the broker is unreachable
        logger.error("Could not queue outgoing emails %s; the dispatcher will: %s", ids, exc)


_UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def unsubscribe_token(*, user_id: int, topic: str) -> str:
    return signing.dumps({"u": user_id, "t": topic}, salt=_UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_token_read(token: str) -> tuple[int, str] | None:
    """The (user id, topic) a token stands for, or None when it was not made by the portal."""
    try:
        data = signing.loads(token, salt=_UNSUBSCRIBE_SALT)
        return int(data["u"]), str(data["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def unsubscribe_url(*, user_id: int, topic: str) -> str:
    token = unsubscribe_token(user_id=user_id, topic=topic)
    return settings.SITE_URL + reverse("notifications:unsubscribe", args=[token])


def consent_record(
    *,
    user_id: int,
    purpose: str,
    text: ConsentText,
    given: bool,
    source: str,
    params: dict[str, Any] | None = None,
    reference: str = "",
    language: str | None = None,
) -> ConsentRecord:
    """Record that a person gave (or withdrew) consent to email for ``purpose``, having been
    shown ``text`` (with ``params``) in ``language`` (by default the active one)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        sha256 = text.sha256(**(params or {}))
    return ConsentRecord.objects.create(
        user_id=user_id,
        purpose=purpose,
        given=given,
        text_version=text.identifier,
        text_sha256=sha256,
        language=language,
        source=source,
        reference=reference,
    )


@transaction.atomic
def email_opt_out(
    *, user_id: int, topic: str, source: str = "account", language: str | None = None
) -> bool:
    """Stop email on ``topic`` for a person, recording the withdrawal. False when there is no
    such person (an unsubscribe link that outlived its account)."""
    from accounts.models import User

    if not User.objects.filter(pk=user_id).exists():
        return False
    EmailOptOut.objects.get_or_create(user_id=user_id, topic=topic)
    if source == "account":
        text, params = EMAIL_TOPICS, {}
    else:
        # The unsubscribe page, or a mail client's one-click POST (RFC 8058) on its behalf.
        from notifications import topics

        text, params = UNSUBSCRIBE, {"topic": topics.label(topic)}
    consent_record(
        user_id=user_id,
        purpose=topic,
        text=text,
        params=params,
        given=False,
        source=source,
        language=language,
    )
    return True


@transaction.atomic
def email_opt_in(*, user_id: int, topic: str) -> None:
    """Email on ``topic`` again, having agreed on the account page."""
    EmailOptOut.objects.filter(user_id=user_id, topic=topic).delete()
    consent_record(user_id=user_id, purpose=topic, text=EMAIL_TOPICS, given=True, source="account")


def wants_email(*, user_id: int, topic: str) -> bool:
    return not EmailOptOut.objects.filter(user_id=user_id, topic=topic).exists()


def email_to_member(
    *,
    user: Any,
    topic: str,
    kind: str,
    key: str,
    context: dict[str, Any],
    due_at: datetime | None = None,
) -> OutgoingEmail | None:
    """Queue a message on ``topic`` for one person, in their language, with a one-click
    unsubscribe link in the body and in the headers (RFC 8058). Returns None, and writes
    nothing, for a person who unsubscribed from the topic or has no active account."""
    if not user.is_active or not wants_email(user_id=user.pk, topic=topic):
        return None
    link = unsubscribe_url(user_id=user.pk, topic=topic)
    rendered = email_render(
        kind=kind,
        context={**context, "recipient": user, "unsubscribe_url": link},
        language=user.language,
    )
    return email_enqueue(
        key=key,
        to=user.email,
        rendered=rendered,
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        due_at=due_at,
    )


def _claim(ids: list[int]) -> list[OutgoingEmail]:
    """Claim queued rows with one conditional update; rows another worker claimed are skipped."""
    now = timezone.now()
    with transaction.atomic():
        claimed = list(
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(pk__in=ids, status=Status.QUEUED)
            .values_list("pk", flat=True)
        )
        OutgoingEmail.objects.filter(pk__in=claimed).update(
            status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    return list(OutgoingEmail.objects.filter(pk__in=claimed).order_by("pk"))


def _message(row: OutgoingEmail, connection: Any) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[row.to],
        headers=row.headers,
        connection=connection,
    )
    if row.body_html:
        message.attach_alternative(row.body_html, "text/html")
    return message


def outbox_send(*, ids: list[int]) -> int:
    """Send the given rows over one connection. Returns how many were sent."""
    rows = _claim(ids)
    if not rows:
        return 0
    sent = 0
    connection = get_connection()
    try:
        connection.open()
        for row in rows:
            try:
                _message(row, connection).send()
            except Exception as exc:  # one bad recipient must not stop the batch
                logger.warning("Sending outgoing email %s failed: %s", row.pk, exc)
                _record_failure(row, exc)
            else:
                # Marked at once, not at the end of the batch: a worker killed mid-batch then
                # sends again at most the one message that was in flight.
                OutgoingEmail.objects.filter(pk=row.pk).update(
                    status=Status.SENT, sent_at=timezone.now(), last_error=""
                )
                sent += 1
    finally:
        connection.close()
    return sent


def is_permanent(exc: Exception) -> bool:
    """A 5xx answer from the SMTP server will not change on retry; 4xx and lost connections
    might."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    return False


def _record_failure(row: OutgoingEmail, exc: Exception) -> None:
    if row.attempts >= MAX_ATTEMPTS or is_permanent(exc):
        status, due_at = Status.FAILED, row.due_at
    else:
        wait = RETRY_LADDER[min(row.attempts, len(RETRY_LADDER)) - 1]
        status, due_at = Status.QUEUED, timezone.now() + wait
    OutgoingEmail.objects.filter(pk=row.pk, status=Status.SENDING).update(
        status=status, due_at=due_at, last_error=str(exc)[:2000]
    )


def outbox_due_batches() -> list[list[int]]:
    """Requeue stalled rows, then return the ids of every due row in batches."""
    OutgoingEmail.objects.stalled(older_than=STALLED_AFTER).update(status=Status.QUEUED)
    ids = list(OutgoingEmail.objects.due().order_by("due_at", "pk").values_list("pk", flat=True))
    return [ids[i : i + BATCH_SIZE] for i in range(0, len(ids), BATCH_SIZE)]


def outbox_purge(*, older_than_days: int) -> int:
    """Delete sent and failed messages older than ``older_than_days``: their text holds
    personal data that is no longer needed once delivery is settled."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    deleted, _rows = OutgoingEmail.objects.filter(
        status__in=[Status.SENT, Status.FAILED], created__lt=cutoff
    ).delete()
    return deleted
