"""allauth, routed through the portal's email outbox."""

from __future__ import annotations

import uuid
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context

from accounts.models import normalise_email
from notifications.services import Rendered, email_enqueue, secret_stand_in
from safeurl import is_safe

# The entries of allauth's mail contexts that carry a one-time secret: reset and confirmation
# links and their keys, and the codes of sign-in, reset and confirmation by code.
SECRET_CONTEXT = ("password_reset_url", "activate_url", "key", "code")


class AccountAdapter(DefaultAccountAdapter):
    def is_safe_url(self, url: str) -> bool:
        # The portal's one check (``safeurl``): this host only, HTTPS when the request is,
        # instead of allauth's looser one (any allowed host, http accepted).
        return is_safe(context.request, url)

    def clean_email(self, email: str) -> str:
        return normalise_email(super().clean_email(email))

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        secrets = {name: str(context[name]) for name in SECRET_CONTEXT if context.get(name)}
        message = self.render_mail(
            template_prefix, email, {**context, **{n: secret_stand_in(n) for n in secrets}}
        )
        html = next(
            (
                content
                for content, mime in getattr(message, "alternatives", [])
                if mime == "text/html"
            ),
            "",
        )
        # Account emails are events without a natural key: each one is its own row.
        email_enqueue(
            key=f"account:{template_prefix.rsplit('/', 1)[-1]}:{uuid.uuid4()}",
            to=email,
            rendered=Rendered(
                subject=message.subject,
                text=message.body,
                html=html,
                secrets={secret_stand_in(name): value for name, value in secrets.items()},
            ),
        )
