"""A staff member who may view everything cannot recover a working secret link from the admin.

The outbox holds password-reset, email-confirmation and invitation mail, queued, sent and
failed. A staff member with every view and change permission signs in (password and
authenticator), walks every admin page reachable from the index (lists, change and view
pages, history, the "view on site" redirects), and every secret-looking string on them is
tried as an invitation token, a reset key and a confirmation key, and every link on them is
followed: none works. The same checks find the secrets in the mail the recipients got, and
those links still work.
"""

from __future__ import annotations

import html
import logging
import re
import time
from smtplib import SMTPResponseException
from urllib.parse import unquote, urlsplit

import pytest
from allauth.account import app_settings as allauth_settings
from allauth.account.models import EmailConfirmationHMAC
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth.models import Permission
from django.core import mail
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from accounts.models import Invitation, Membership, User
from notifications import delivery, services
from notifications.models import OutgoingEmail, Status
from tests.conftest import client_for, enrol_totp
from tests.factories import PASSWORD, UserFactory
from tests.notifications.test_outbox import RefusingBackend

pytestmark = pytest.mark.django_db

TOKEN_LIKE = re.compile(r"[A-Za-z0-9_\-:]{12,}")
LINK = re.compile(r"""(?:https?://[^\s"'<>]+|(?:href|src|action)="([^"]+)")""")


class PermanentlyRefusingBackend(RefusingBackend):
    """A relay that refuses every message for good (5xx)."""

    def send_messages(self, messages):
        raise SMTPResponseException(550, b"no such mailbox")


def _candidates(text: str) -> set[str]:
    text = unquote(html.unescape(text))
    return set(TOKEN_LIKE.findall(text))


def _working_keys(text: str) -> set[str]:
    """The strings in ``text`` that open an invitation, a password reset or an email
    confirmation."""
    candidates = _candidates(text)
    working = set(
        Invitation.objects.filter(token__in=candidates, accepted_at__isnull=True).values_list(
            "token", flat=True
        )
    )
    users = list(User.objects.all())
    resets = allauth_settings.PASSWORD_RESET_TOKEN_GENERATOR()
    for candidate in candidates:
        tails = {candidate, candidate.split("-", 1)[-1]}
        if any(resets.check_token(u, t) for u in users for t in tails):
            working.add(candidate)
        if EmailConfirmationHMAC.from_key(candidate) is not None:
            working.add(candidate)
    return working


def _site_paths(text: str) -> set[str]:
    paths = set()
    for match in LINK.finditer(html.unescape(text)):
        url = match.group(1) or match.group(0)
        parts = urlsplit(url)
        if parts.netloc and parts.netloc not in ("testserver", urlsplit(_site()).netloc):
            continue
        if parts.path.startswith("/") and not parts.path.startswith(("/admin/", "/static/")):
            paths.add(parts.path)
    return paths


def _site() -> str:
    from django.conf import settings

    return settings.SITE_URL


def _opens_a_secret(path: str) -> bool:
    """Following ``path`` as a stranger leads to a live invitation, a password form for
    someone's account or an email confirmation."""
    response = Client().get(path, follow=True)
    try:
        name = resolve(response.request["PATH_INFO"]).url_name
    except Resolver404:
        return False
    context = response.context or {}
    return response.status_code == 200 and (
        name == "invitation"
        or (name == "account_reset_password_from_key" and not context.get("token_fail"))
        or (name == "account_confirm_email" and context.get("confirmation") is not None)
    )


def _mail_to(address: str) -> str:
    message = next(m for m in mail.outbox if m.to == [address])
    return message.body + "".join(content for content, _mime in message.alternatives)


def _opened_row(address: str) -> str:
    """What the recipient of a queued row will get."""
    row = OutgoingEmail.objects.get(to=address)
    return "".join(services.email_opened(row))


def _staff_who_may(codenames: str) -> User:
    user = UserFactory(email="viewer@example.org", name="Vera Viewer", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__regex=codenames))
    return user


@pytest.fixture
def viewer(db) -> User:
    """Every view permission, and every change permission (the admin then shows forms)."""
    return _staff_who_may(r"^(view|change)_")


def _signed_in(user: User) -> Client:
    """A session opened the way staff open one: password, then the authenticator code."""
    secret = enrol_totp(user)
    client = Client()
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert client.get(reverse("admin:index")).status_code == 200
    return client


def _crawl(client: Client, *, limit: int = 3000) -> tuple[dict[str, str], set[str]]:
    """Every admin page reachable from the index (query strings dropped), and the places the
    redirects among them lead to."""
    pages: dict[str, str] = {}
    redirects: set[str] = set()
    todo = [reverse("admin:index")]
    while todo and len(pages) < limit:
        path = todo.pop()
        if path in pages or "logout" in path:
            continue
        response = client.get(path)
        if response.status_code in (301, 302):
            redirects.add(response["Location"])
            pages[path] = response["Location"]
            continue
        pages[path] = response.content.decode(errors="replace")
        for link in re.findall(r'(?:href|action)="([^"]+)"', pages[path]):
            target = urlsplit(html.unescape(link)).path
            if target.startswith("/admin/") and target not in pages:
                todo.append(target)
    assert len(pages) < limit, "the crawl stopped early"
    return pages, redirects


def _messages(alice, bob, org_a, capture, settings) -> None:
    """Invitation, reset and confirmation mail in every state a row can be in."""
    admin = client_for(alice)
    invite = reverse("accounts:invitation_create", args=[org_a.slug])
    with capture(execute=True):
        admin.post(invite, {"email": "dora@example.org", "role": "member"})
        Client().post(reverse("account_reset_password"), {"email": bob.email})
        Client().post(
            reverse("account_signup"),
            {"email": "newbie@example.org", "password1": PASSWORD, "password2": PASSWORD},
        )
    with capture(execute=False):
        admin.post(invite, {"email": "queued@example.org", "role": "member"})
        admin.post(invite, {"email": "refused@example.org", "role": "member"})
        Client().post(reverse("account_reset_password"), {"email": alice.email})
    settings.EMAIL_BACKEND = "tests.security.test_outbox_secrets.PermanentlyRefusingBackend"
    delivery.outbox_send(ids=[OutgoingEmail.objects.get(to="refused@example.org").pk])
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    statuses = dict(OutgoingEmail.objects.values_list("to", "status"))
    assert statuses == {
        "dora@example.org": Status.SENT,
        bob.email: Status.SENT,
        "newbie@example.org": Status.SENT,
        "queued@example.org": Status.QUEUED,
        alice.email: Status.QUEUED,
        "refused@example.org": Status.FAILED,
    }


# View-only pages show every field read-only; change pages show forms: both are walked.
@pytest.mark.parametrize("codenames", [r"^view_", r"^(view|change)_"], ids=["view", "change"])
def test_staff_who_may_view_everything_find_no_working_secret_link(
    codenames, alice, bob, org_a, django_capture_on_commit_callbacks, settings, caplog
):
    caplog.set_level(logging.DEBUG)
    viewer = _staff_who_may(codenames)
    _messages(alice, bob, org_a, django_capture_on_commit_callbacks, settings)
    # The checks below find what they look for: in the mail delivered, and in the mail that
    # the queued rows will deliver, every kind of secret works.
    delivered = {a: _mail_to(a) for a in ("dora@example.org", bob.email, "newbie@example.org")}
    for address, text in delivered.items():
        assert _working_keys(text), address
        assert any(_opens_a_secret(path) for path in _site_paths(text)), address
    for address in ("queued@example.org", alice.email):
        assert _working_keys(_opened_row(address)), address

    client = _signed_in(viewer)
    pages, redirects = _crawl(client)
    rows = OutgoingEmail.objects.all()
    for row in rows:
        assert reverse("admin:notifications_outgoingemail_change", args=[row.pk]) in pages
        assert reverse("admin:notifications_outgoingemail_history", args=[row.pk]) in pages
    for invitation in Invitation.objects.all():
        assert reverse("admin:accounts_invitation_change", args=[invitation.pk]) in pages
    seen = "\n".join([*pages.values(), *redirects, caplog.text])

    assert _working_keys(seen) == set()
    assert not [path for path in _site_paths(seen) if _opens_a_secret(path)]

    # The secrets still reach their recipients: the queued mail goes out with working links,
    # and the people use them.
    assert delivery.outbox_send(
        ids=list(rows.filter(status=Status.QUEUED).values_list("pk", flat=True))
    )
    for address in ("queued@example.org", alice.email):
        assert _working_keys(_mail_to(address)), address
    assert not OutgoingEmail.objects.exclude(sealed="").exists()


def test_a_reset_link_from_the_outbox_still_resets_the_password(
    alice, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": alice.email})
    (message,) = mail.outbox
    link = re.search(r"https?://\S+(/accounts/password/reset/key/\S+/)", message.body).group(1)

    form = client.get(link, follow=True)
    done = client.post(
        form.request["PATH_INFO"],
        {"password1": "a brand new passphrase", "password2": "a brand new passphrase"},
    )

    assert done.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("a brand new passphrase")
    assert OutgoingEmail.objects.get().sealed == ""


def test_an_invitation_link_from_the_outbox_still_lets_the_person_join(
    alice_client, org_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(
            reverse("accounts:invitation_create", args=[org_a.slug]),
            {"email": "dora@example.org", "role": "member"},
        )
    link = re.search(r"https?://\S+(/invitations/\S+/)", mail.outbox[0].body).group(1)
    dora = UserFactory(email="dora@example.org")

    response = client_for(dora).post(link)

    assert response.status_code == 302
    assert Membership.objects.filter(user=dora, organisation=org_a).exists()


def test_retrying_in_the_admin_does_not_requeue_mail_that_carried_a_secret(
    viewer, alice, org_a, settings
):
    settings.EMAIL_BACKEND = "tests.security.test_outbox_secrets.PermanentlyRefusingBackend"
    from accounts.services import invitation_send

    invitation_send(organisation=org_a, by=alice, email="refused@example.org")
    plain = OutgoingEmail.objects.create(
        key="plain", to="x@example.org", subject="s", body_text="b"
    )
    delivery.outbox_send(ids=list(OutgoingEmail.objects.values_list("pk", flat=True)))
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {Status.FAILED}

    response = _signed_in(viewer).post(
        reverse("admin:notifications_outgoingemail_changelist"),
        {
            "action": "retry",
            "_selected_action": list(OutgoingEmail.objects.values_list("pk", flat=True)),
        },
        follow=True,
    )

    assert "cannot be sent again" in response.content.decode()
    assert dict(OutgoingEmail.objects.values_list("to", "status")) == {
        "refused@example.org": Status.FAILED,
        plain.to: Status.QUEUED,
    }
