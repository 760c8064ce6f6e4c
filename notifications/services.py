"""Handing messages to the outbox, and sending what is due.

Apps call :func:`email_enqueue` inside the transaction that causes the message; the row and
the change commit together, and the sending task is queued only once both are committed.
"""

from __future__ import annotations

import base64
import json
import logging
import smtplib
from collections.abc import Callable, Hashable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import connection, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.html import escape

from notifications import topics
from notifications.consent import EMAIL_TOPICS, UNSUBSCRIBE, ConsentText
from notifications.mime import OutboxMessage
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
    """A rendered message. ``secrets`` maps each stand-in in it to the one-time secret it
    stands for; they meet only in the worker, at send time (docs/email.md)."""

    subject: str
    text: str
    html: str
    secrets: dict[str, str] = field(default_factory=dict)


def secret_stand_in(name: str) -> str:
    """What a message shows in place of its secret ``name`` until it is sent: letters, digits,
    dashes and underscores, which HTML escaping and URLs leave as they are."""
    return f"portal-withheld-secret-{name}"


def email_render(
    *,
    kind: str,
    context: dict[str, Any],
    language: str | None = None,
    secrets: dict[str, str] | None = None,
) -> Rendered:
    """Render ``templates/emails/<kind>.{subject.txt,txt,html}`` in the recipient's language.

    ``secrets`` are template variables like those of ``context`` whose values are one-time
    secrets (a reset link, a code): the message is rendered with a stand-in for each, and
    only the worker that sends it ever puts the secret in (docs/email.md)."""
    secrets = secrets or {}
    stand_ins = {name: secret_stand_in(name) for name in secrets}
    context = {"site_url": settings.SITE_URL, **context, **stand_ins}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"emails/{kind}.subject.txt", context, using="text")
        text = render_to_string(f"emails/{kind}.txt", context, using="text")
        html = render_to_string(f"emails/{kind}.html", context)
    return Rendered(
        subject=" ".join(subject.split()),
        text=text,
        html=html,
        secrets={stand_ins[name]: str(value) for name, value in secrets.items()},
    )


def _withheld(rendered: Rendered) -> Rendered:
    """``rendered`` with no secret left in it, should a template have shown one some other
    way than through its variable (``|safe``, a second variable): stand-ins go back in
    exactly as :func:`email_opened` takes them out."""
    subject, text, html = rendered.subject, rendered.text, rendered.html
    for stand_in, secret in rendered.secrets.items():
        if secret:
            subject = subject.replace(secret, stand_in)
            text = text.replace(secret, stand_in)
            html = html.replace(escape(secret), stand_in).replace(secret, stand_in)
    return Rendered(subject=subject, text=text, html=html, secrets=rendered.secrets)


def _fernet() -> MultiFernet:
    """Encryption for the secrets of queued messages, with a key derived from ``SECRET_KEY``
    (and its fallbacks, so a rotation does not break messages in the queue). Whoever holds
    ``SECRET_KEY`` can already forge reset links; a database copy without it reads nothing."""
    keys = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return MultiFernet(
        [
            Fernet(
                base64.urlsafe_b64encode(
                    salted_hmac(
                        "notifications.outbox.sealed", "key", secret=key, algorithm="sha256"
                    ).digest()
                )
            )
            for key in keys
        ]
    )


def _seal(secrets: dict[str, str]) -> str:
    return _fernet().encrypt(json.dumps(secrets).encode()).decode()


class SecretLost(Exception):
    """A secret-bearing message whose secret can no longer be read: it is not sent without."""


def email_opened(row: OutgoingEmail) -> tuple[str, str, str]:
    """The subject and bodies as the recipient gets them, secrets put back in."""
    if not row.carries_secret:
        return row.subject, row.body_text, row.body_html
    try:
        secrets = json.loads(_fernet().decrypt(row.sealed.encode()))
    except (InvalidToken, ValueError) as exc:
        raise SecretLost(f"outgoing email {row.pk} carries a secret that cannot be read") from exc
    subject, text, html = row.subject, row.body_text, row.body_html
    for stand_in, secret in secrets.items():
        subject = subject.replace(stand_in, secret)
        text = text.replace(stand_in, secret)
        html = html.replace(stand_in, escape(secret))
    return subject, text, html


def email_enqueue(
    *,
    key: str,
    to: str,
    rendered: Rendered,
    headers: dict[str, str] | None = None,
    due_at: datetime | None = None,
) -> OutgoingEmail:
    """Write one message to the outbox (once per key) and send it after commit if it is due.

    A message rendered with ``secrets`` is stored without them: stand-ins in the text, the
    secrets encrypted in a field no staff page shows, emptied once the message is sent."""
    rendered = _withheld(rendered)
    message, created = OutgoingEmail.objects.get_or_create(
        key=key,
        defaults={
            "to": to,
            "subject": rendered.subject,
            "body_text": rendered.text,
            "body_html": rendered.html,
            "headers": headers or {},
            "due_at": due_at or timezone.now(),
            "carries_secret": bool(rendered.secrets),
            "sealed": _seal(rendered.secrets) if rendered.secrets else "",
        },
    )
    if created and message.due_at <= timezone.now():
        pk = message.pk
        transaction.on_commit(lambda: _send_soon([pk]))
    return message


def _send_soon(ids: list[int]) -> None:
    """Queue the sending task. If the broker is down the rows stay queued in the database and
    the beat dispatcher sends them once it is back: the change that caused them stands."""
    from notifications.tasks import send_batch  # here: notifications.tasks imports this module

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


def _unsubscribe_urls(*, topic: str) -> Callable[[int], str]:
    """``unsubscribe_url`` for many people on one topic: the address is reversed once (tokens
    are letters, digits and ``-_:``, which the address takes as they are)."""
    before, after = reverse("notifications:unsubscribe", args=["~"]).split("~")
    site = settings.SITE_URL
    return lambda user_id: site + before + unsubscribe_token(user_id=user_id, topic=topic) + after


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
    if not get_user_model().objects.filter(pk=user_id).exists():
        return False
    EmailOptOut.objects.get_or_create(user_id=user_id, topic=topic)
    if source == "account":
        text, params = EMAIL_TOPICS, {}
    else:
        # The unsubscribe page, or a mail client's one-click POST (RFC 8058) on its behalf.
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


def _unsubscribe_headers(link: str) -> dict[str, str]:
    return {
        "List-Unsubscribe": f"<{link}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


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
        headers=_unsubscribe_headers(link),
        due_at=due_at,
    )


@dataclass
class MemberMail:
    """One person's message for :func:`emails_to_members`.

    Members whose ``group`` and language are equal get one rendering between them, so
    ``group`` must name everything the templates show except the unsubscribe link (which is
    put in per person afterwards) and the person's ``own`` part; the templates get no
    ``recipient``. ``own``, when given, is the context of the part that is the member's alone
    (their action items in a digest): it is rendered for them from
    ``emails/<kind>.own.{txt,html}`` and put where the templates show ``own_part``.
    """

    user: Any
    key: str
    context: dict[str, Any]
    group: Hashable = field(default=None)
    own: dict[str, Any] | None = None


# Stand for the unsubscribe link and for a member's own part while a group is rendered; only
# letters and dashes, so HTML escaping leaves them as they are.
_LINK_STAND_IN = "portal-unsubscribe-link-stand-in"
_OWN_STAND_IN = "portal-own-part-stand-in"


def _shared_render(
    mail: MemberMail, *, kind: str, language: str, renders: dict[Any, Rendered]
) -> Rendered:
    """The member's message from their group's rendering, without the unsubscribe link."""
    key = (mail.group, language, mail.own is not None)
    shared = renders.get(key)
    if shared is None:
        context = {**mail.context, "unsubscribe_url": _LINK_STAND_IN}
        if mail.own is not None:
            context["own_part"] = _OWN_STAND_IN
        shared = renders[key] = email_render(kind=kind, context=context, language=language)
    if mail.own is None:
        return shared
    context = {"site_url": settings.SITE_URL, **mail.context, **mail.own}
    with translation.override(language):
        text = render_to_string(f"emails/{kind}.own.txt", context, using="text")
        html = render_to_string(f"emails/{kind}.own.html", context)
    return Rendered(
        subject=shared.subject,
        text=shared.text.replace(_OWN_STAND_IN, text),
        html=shared.html.replace(_OWN_STAND_IN, html),
    )


def emails_to_members(
    *,
    topic: str,
    kind: str,
    mails: Iterable[MemberMail],
    due_at: datetime | None = None,
    renders: dict[Any, Rendered] | None = None,
) -> int:
    """Queue many messages on ``topic``, each as :func:`email_to_member` would, with a fixed
    number of queries: one for opt-outs, one for keys already written, one insert per 500 rows
    and one to read the new ids, whose sending is queued after commit in batches of
    ``BATCH_SIZE``. Returns how many rows were written.

    A caller that writes in several transactions passes the same ``renders`` dict to each call
    so that a group is rendered once in all."""
    mails = [mail for mail in mails if mail.user.is_active]
    if not mails:
        return 0
    opted_out = set(
        EmailOptOut.objects.filter(
            topic=topic, user_id__in={mail.user.pk for mail in mails}
        ).values_list("user_id", flat=True)
    )
    written = set(
        OutgoingEmail.objects.filter(key__in=[mail.key for mail in mails]).values_list(
            "key", flat=True
        )
    )
    due_at = due_at or timezone.now()
    link_for = _unsubscribe_urls(topic=topic)
    renders = {} if renders is None else renders
    rows: list[OutgoingEmail] = []
    for mail in mails:
        if mail.user.pk in opted_out or mail.key in written:
            continue
        written.add(mail.key)
        language = mail.user.language or settings.LANGUAGE_CODE
        link = link_for(mail.user.pk)
        if mail.group is None:
            rendered = email_render(
                kind=kind,
                context={**mail.context, "recipient": mail.user, "unsubscribe_url": link},
                language=language,
            )
        else:
            shared = _shared_render(mail, kind=kind, language=language, renders=renders)
            rendered = Rendered(
                subject=shared.subject,
                text=shared.text.replace(_LINK_STAND_IN, link),
                html=shared.html.replace(_LINK_STAND_IN, escape(link)),
            )
        rows.append(
            OutgoingEmail(
                key=mail.key,
                to=mail.user.email,
                subject=rendered.subject,
                body_text=rendered.text,
                body_html=rendered.html,
                headers=_unsubscribe_headers(link),
                due_at=due_at,
            )
        )
    if not rows:
        return 0
    # A run racing this one may have written some of the keys since: theirs stand.
    OutgoingEmail.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    if due_at <= timezone.now():
        ids = list(
            OutgoingEmail.objects.filter(
                key__in=[row.key for row in rows], status=Status.QUEUED
            ).values_list("pk", flat=True)
        )
        batches = [ids[i : i + BATCH_SIZE] for i in range(0, len(ids), BATCH_SIZE)]
        transaction.on_commit(lambda: [_send_soon(batch) for batch in batches])
    return len(rows)


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


def _message(row: OutgoingEmail, connection: Any) -> EmailMultiAlternatives:
    subject, text, html = email_opened(row)
    message = OutboxMessage(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[row.to],
        headers=row.headers,
        connection=connection,
    )
    if html:
        message.attach_alternative(html, "text/html")
    message.direct = isinstance(connection, SMTPBackend)
    return message


def outbox_send(*, ids: list[int]) -> int:
    """Send the given rows and return how many were sent.

    A batch goes out over ``OUTBOX_SMTP_CONNECTIONS`` connections at once (one for a small
    batch): each message waits for four answers from the relay, and the waits overlap.
    The rows are marked sent together when the batch is done: a worker killed mid-batch
    leaves them claimed, the dispatcher queues them again after ``STALLED_AFTER``, and at
    most this one batch goes out twice.
    """
    rows = _claim(ids)
    if not rows:
        return 0
    sent: list[int] = []
    failed: list[tuple[OutgoingEmail, Exception]] = []
    connections = min(settings.OUTBOX_SMTP_CONNECTIONS, len(rows) // _ROWS_PER_CONNECTION)
    try:
        if connections <= 1:
            _deliver(rows, sent, failed)
        else:
            with ThreadPoolExecutor(connections, thread_name_prefix="outbox") as pool:
                shares = [rows[n::connections] for n in range(connections)]
                for done in [pool.submit(_deliver, share, sent, failed) for share in shares]:
                    done.result()
    finally:
        # Also when the task is interrupted: what is known sent is not sent again.
        if sent:
            OutgoingEmail.objects.filter(pk__in=sent, status=Status.SENDING).update(
                status=Status.SENT, sent_at=timezone.now(), last_error="", sealed=""
            )
        for row, exc in failed:
            logger.warning("Sending outgoing email %s failed: %s", row.pk, exc)
            _record_failure(row, exc)
    return len(sent)


# Fewer rows than this per connection are not worth another connection.
_ROWS_PER_CONNECTION = 10


def _deliver(
    rows: list[OutgoingEmail], sent: list[int], failed: list[tuple[OutgoingEmail, Exception]]
) -> None:
    """Send ``rows`` over one connection, noting each outcome in ``sent`` or ``failed`` as it
    comes. No database work: it may run in a thread of its own."""
    smtp = get_connection()
    try:
        smtp.open()
    except Exception as exc:  # the relay is unreachable: every row waits for a retry
        failed.extend((row, exc) for row in rows)
        return
    try:
        for row in rows:
            try:
                smtp.send_messages([_message(row, smtp)])
            except Exception as exc:  # one bad recipient must not stop the batch
                failed.append((row, exc))
                if not isinstance(
                    exc, smtplib.SMTPResponseException | smtplib.SMTPRecipientsRefused | SecretLost
                ):
                    _reopen(smtp)
            else:
                sent.append(row.pk)
    finally:
        smtp.close()


def _reopen(smtp: Any) -> None:
    """After a lost connection, the rest of the batch gets a new one (or fails on its own)."""
    try:
        smtp.close()
        smtp.open()
    except Exception as exc:
        logger.warning("Reconnecting to the SMTP server failed: %s", exc)


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
    ids = list(OutgoingEmail.objects.due().order_by("due_at", "pk").values_list("pk", flat=True))
    return [ids[i : i + BATCH_SIZE] for i in range(0, len(ids), BATCH_SIZE)]


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
