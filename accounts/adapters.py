"""allauth, routed through the portal's email outbox."""

from __future__ import annotations

import ipaddress
import uuid
from dataclasses import dataclass
from typing import Any

from allauth import app_settings as allauth_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.core import context, ratelimit
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest
from django.utils.functional import Promise

from accounts.admin_site import PORTAL_NAME
from accounts.models import normalise_email
from accounts.second_factor import has_enrolment_grant
from notifications.links import email_link_rerooted, site_domain
from notifications.services import Rendered, email_enqueue, secret_stand_in
from notifications.welcome import email_defaults_set, welcome_send
from safeurl import is_safe

# The entries of allauth's mail contexts that carry a one-time secret: reset and confirmation
# links and their keys, and the codes of sign-in, reset and confirmation by code.
SECRET_CONTEXT = ("password_reset_url", "activate_url", "key", "code")

# Failed sign-ins per account and client address together (settings.ACCOUNT_RATE_LIMITS).
LOGIN_FAILED_ACCOUNT_ADDRESS = "login_failed_account_address"


@dataclass(frozen=True)
class EmailSite:
    """What allauth's emails call ``current_site``: the portal's name and ``SITE_URL``'s host,
    never the request's host nor a ``Site`` row (``django.contrib.sites`` is not installed)."""

    name: str | Promise
    domain: str


def email_site() -> EmailSite:
    return EmailSite(name=PORTAL_NAME, domain=site_domain())


class AccountAdapter(DefaultAccountAdapter):
    def is_safe_url(self, url: str) -> bool:
        # The portal's one check (``safeurl``): this host only, HTTPS when the request is,
        # instead of allauth's looser one (any allowed host, http accepted).
        return is_safe(context.request, url)

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        # A staff member who just opened an enrolment link proved more than the password
        # (a signed-in session and the account's mailbox, minutes ago): asking for the
        # password again before they set up their authenticator adds nothing but a step.
        request = context.request
        if (
            app == "allauth.mfa"
            and request is not None
            and request.user.is_authenticated
            and has_enrolment_grant(request, request.user)
        ):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def _account_and_address(self, request: HttpRequest, credentials: dict[str, Any]) -> str:
        login = str(credentials.get("email") or credentials.get("username") or "").casefold()
        address = self.get_client_ip(request)
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            pass
        else:
            if ip.version == 6:
                # One IPv6 client holds a whole prefix; each of its addresses is the same guesser.
                prefix = allauth_settings.RATE_LIMIT_IPV6_PREFIX
                address = str(ipaddress.IPv6Network(f"{ip}/{prefix}", strict=False))
        return f"{login}|{address}"

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        # The account-and-address limit first: a guesser stopped there does not also use up the
        # account's ceiling, which would let one address lock the account for everyone.
        if not ratelimit.consume(
            request,
            action=LOGIN_FAILED_ACCOUNT_ADDRESS,
            key=self._account_and_address(request, credentials),
        ):
            raise self.validation_error("too_many_login_attempts")
        super().pre_authenticate(request, **credentials)

    def authenticate(self, request: HttpRequest, **credentials: Any) -> AbstractBaseUser | None:
        user = super().authenticate(request, **credentials)
        if user is not None:
            # Right from this address: its earlier slips there no longer count.
            ratelimit.clear(
                request,
                action=LOGIN_FAILED_ACCOUNT_ADDRESS,
                key=self._account_and_address(request, credentials),
            )
        return user

    def clean_email(self, email: str) -> str:
        return normalise_email(super().clean_email(email))

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            email_defaults_set(user_id=user.pk)
        return user

    def confirm_email(self, request: HttpRequest, email_address: EmailAddress) -> bool:
        # The first address an account confirms completes its sign-up; a later one (a changed
        # address) does not.
        first = not EmailAddress.objects.filter(
            user_id=email_address.user_id, verified=True
        ).exists()
        confirmed = super().confirm_email(request, email_address)
        if confirmed and first:
            welcome_send(user=email_address.user)
        return confirmed

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # allauth builds its links on the request's host; every email's links start with
        # SITE_URL (notifications.links).
        context = {
            "current_site": email_site(),
            "email": email,
            **context,
        }
        context = {
            name: email_link_rerooted(value)
            if name.endswith("_url") and isinstance(value, str) and value
            else value
            for name, value in context.items()
        }
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
