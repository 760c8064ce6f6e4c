"""The bytes of an outbox message for an SMTP connection, written directly.

Django's ``EmailMessage.message()`` builds a tree of MIME objects that the email package then
serialises with its generic header folding: most of the processor time a digest costs to send.
An outbox message is always the same shape (one recipient, plain text and HTML, no
attachments), so :class:`OutboxMessage` writes those bytes itself, with Django's own header
checks and encodings, and leaves every other shape to Django.
"""

from __future__ import annotations

import uuid
from email.utils import formatdate, make_msgid
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import RFC5322_EMAIL_LINE_LENGTH_LIMIT, forbid_multi_line_headers
from django.core.mail.utils import DNS_NAME


class Serialized:
    """Stands in for the MIME tree where Django's SMTP backend only asks for its bytes."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def as_bytes(self, unixfrom: bool = False, linesep: str = "\n") -> bytes:
        return self.data if linesep == "\r\n" else self.data.replace(b"\r\n", linesep.encode())


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


def _short_lines(text: str) -> bool:
    return all(len(line.encode()) <= RFC5322_EMAIL_LINE_LENGTH_LIMIT for line in text.splitlines())


class OutboxMessage(EmailMultiAlternatives):
    """An outbox row as an email; ``direct`` (for an SMTP connection) writes its bytes."""

    direct = False

    def _direct_ok(self) -> bool:
        return (
            self.direct
            and (self.encoding or settings.DEFAULT_CHARSET).lower() in {"utf-8", "utf8"}
            and not self.attachments
            and not self.cc
            and not self.reply_to
            and len(self.to) == 1
            and len(self.alternatives) == 1
            and self.alternatives[0][1] == "text/html"
            and _short_lines(self.body)
            and _short_lines(str(self.alternatives[0][0]))
        )

    def message(self, *args: Any, **kwargs: Any) -> Any:
        parts = self.body + "".join(str(content) for content, _type in self.alternatives)
        boundary = "=====" + uuid.uuid4().hex
        while boundary in parts:
            boundary = "=====" + uuid.uuid4().hex
        if not self._direct_ok():
            message = super().message(*args, **kwargs)
            if message.is_multipart():
                # Chosen here, the boundary spares the email package a regular expression
                # compiled for every message to prove its own boundary absent from the parts.
                message.set_boundary(boundary)
            return message
        headers = {
            "Content-Type": f'multipart/alternative; boundary="{boundary}"',
            "MIME-Version": "1.0",
            "Subject": self.subject,
            "From": self.extra_headers.get("From", self.from_email),
            "To": self.to[0],
            "Date": formatdate(localtime=settings.EMAIL_USE_LOCALTIME),
            "Message-ID": make_msgid(domain=DNS_NAME),
        }
        for name, value in self.extra_headers.items():
            if name.lower() not in {"from", "to", "cc", "reply-to"}:
                headers[name] = value
        lines = []
        for name, value in headers.items():
            # Django's own check and encoding; a long subject comes back folded with "\n ".
            name, value = forbid_multi_line_headers(name, value, "utf-8")
            lines.append(f"{name}: {_crlf(value)}\r\n")
        text_part = 'Content-Type: text/plain; charset="utf-8"\r\nContent-Transfer-Encoding: 8bit'
        html_part = 'Content-Type: text/html; charset="utf-8"\r\nContent-Transfer-Encoding: 8bit'
        data = (
            "".join(lines)
            + f"\r\n--{boundary}\r\n{text_part}\r\n\r\n{_crlf(self.body)}"
            + f"\r\n--{boundary}\r\n{html_part}\r\n\r\n{_crlf(str(self.alternatives[0][0]))}"
            + f"\r\n--{boundary}--\r\n"
        )
        return Serialized(data.encode())
