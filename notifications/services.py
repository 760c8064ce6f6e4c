"""Handing messages to the outbox: rendering, sealing secrets, unsubscribe links, consent.

Apps call :func:`email_enqueue` inside the transaction that causes the message; the row and
the change commit together, and the sending task is queued only once both are committed.
Sending is :mod:`notifications.delivery`.
"""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.html import escape

from notifications import topics
from notifications.consent import EMAIL_TOPICS, UNSUBSCRIBE, ConsentText
from notifications.links import email_link, site_url
from notifications.models import ConsentRecord, EmailOptOut, OutgoingEmail, Status

logger = logging.getLogger(__name__)

# Rows one sending task takes.
BATCH_SIZE = 100


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
    context = {**context, "site_url": site_url(), **stand_ins}
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
    return email_link(reverse("notifications:unsubscribe", args=[token]))


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


def _for_member(
    *, user: Any, topic: str, kind: str, context: dict[str, Any]
) -> tuple[Rendered, dict[str, str]]:
    """The message on ``topic`` for one person, rendered in their language with their own
    unsubscribe link in the footer, and the headers that carry the link (RFC 8058)."""
    link = unsubscribe_url(user_id=user.pk, topic=topic)
    rendered = email_render(
        kind=kind,
        context={**context, "recipient": user, "unsubscribe_url": link},
        language=user.language,
    )
    headers = {
        "List-Unsubscribe": f"<{link}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    return rendered, headers


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
    rendered, headers = _for_member(user=user, topic=topic, kind=kind, context=context)
    return email_enqueue(key=key, to=user.email, rendered=rendered, headers=headers, due_at=due_at)


@dataclass(frozen=True)
class MemberMail:
    """One person's message for :func:`emails_to_members`: ``context`` as for
    :func:`email_to_member`, which adds ``recipient`` and ``unsubscribe_url``."""

    user: Any
    key: str
    context: dict[str, Any]


def emails_to_members(
    *,
    topic: str,
    kind: str,
    mails: Iterable[MemberMail],
    due_at: datetime | None = None,
) -> int:
    """Queue many messages on ``topic``, each as :func:`email_to_member` would, with a fixed
    number of queries: one for opt-outs, one for keys already written, one insert per 500 rows
    and one to read the new ids, whose sending is queued after commit in batches of
    ``BATCH_SIZE``. Returns how many rows were written."""
    due_at = due_at or timezone.now()
    rows: list[OutgoingEmail] = []
    for mail in _wanted(mails, topic=topic):
        rendered, headers = _for_member(
            user=mail.user, topic=topic, kind=kind, context=mail.context
        )
        rows.append(
            OutgoingEmail(
                key=mail.key,
                to=mail.user.email,
                subject=rendered.subject,
                body_text=rendered.text,
                body_html=rendered.html,
                headers=headers,
                due_at=due_at,
            )
        )
    if not rows:
        return 0
    # A run racing this one may have written some of the keys since: theirs stand.
    OutgoingEmail.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    if due_at <= timezone.now():
        ids = OutgoingEmail.objects.filter(
            key__in=[row.key for row in rows], status=Status.QUEUED
        ).values_list("pk", flat=True)
        batches = in_batches(list(ids))
        transaction.on_commit(lambda: [_send_soon(batch) for batch in batches])
    return len(rows)


def _wanted(mails: Iterable[MemberMail], *, topic: str) -> list[MemberMail]:
    """The mails to active people who did not opt out of ``topic`` and whose key is not
    written yet, each key once (two queries)."""
    mails = [mail for mail in mails if mail.user.is_active]
    if not mails:
        return []
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
    wanted = []
    for mail in mails:
        if mail.user.pk not in opted_out and mail.key not in written:
            written.add(mail.key)
            wanted.append(mail)
    return wanted


def in_batches(ids: list[int]) -> list[list[int]]:
    """``ids`` cut into the batches one sending task takes."""
    return [ids[i : i + BATCH_SIZE] for i in range(0, len(ids), BATCH_SIZE)]
