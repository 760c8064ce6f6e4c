"""Every link in every email starts with ``SITE_URL``, whatever host the request that caused it
came in on: every kind of email in templates/emails/, allauth's account emails, and the
services that put links in a message's context."""

from __future__ import annotations

import html
import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.services import invitation_send
from notifications import services
from notifications.links import email_link, email_link_rerooted
from notifications.models import OutgoingEmail
from tests.factories import PASSWORD, UserFactory
from tests.notifications.test_email_languages import KINDS, _context

SITE = "https://mail-links.example.net"
# The request's host, which no link may use.
ELSEWHERE = "elsewhere.example.com"
# Addresses a person typed (a meeting's online room) are theirs, not the portal's.
EXTERNAL = {"https://meet.example.org/zx"}
_LINK = re.compile(r"""href="([^"]*)"|(https?://[^\s<>"]+)""")


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = [ELSEWHERE, "testserver"]


def links(*texts: str) -> set[str]:
    found = set()
    for text in texts:
        for match in _LINK.finditer(html.unescape(text)):
            found.add(match.group(1) or match.group(2))
    return found - EXTERNAL


def off_site(*texts: str) -> set[str]:
    return {link for link in links(*texts) if not link.startswith(SITE + "/")}


def _as_services_build_them(value):
    """The test contexts' links, built as the services build theirs (``email_link``)."""
    if isinstance(value, str) and value.startswith("https://portal.example.org"):
        return email_link_rerooted(value)
    if isinstance(value, dict):
        return {key: _as_services_build_them(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_as_services_build_them(item) for item in value)
    return value


def test_a_link_is_site_url_and_the_path():
    assert email_link("/forum/me/") == SITE + "/forum/me/"
    assert email_link_rerooted(f"http://{ELSEWHERE}/a/b/?c=d#e") == SITE + "/a/b/?c=d#e"
    with pytest.raises(ValueError):
        email_link("forum/me/")


@pytest.mark.parametrize("kind", KINDS)
def test_every_link_of_every_kind_of_email_starts_with_site_url(kind):
    rendered = services.email_render(kind=kind, context=_as_services_build_them(_context(kind)))

    assert links(rendered.text, rendered.html), f"{kind} has no link to check"
    assert off_site(rendered.subject, rendered.text, rendered.html) == set()


def _opened() -> list[str]:
    """What the recipients got, secrets in."""
    return [
        message.subject + message.body + "".join(part for part, _mime in message.alternatives)
        for message in mail.outbox
    ]


def _post(client, name: str, data: dict, capture) -> None:
    with capture(execute=True):
        client.post(reverse(name), data, SERVER_NAME=ELSEWHERE)


@pytest.mark.django_db
def test_allauth_emails_link_to_site_url_not_the_request_host(
    client, alice, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    password = {"password1": "a long enough passphrase", "password2": "a long enough passphrase"}
    # Sign-up: the confirmation link; an address already taken: sign-in and reset links.
    _post(client, "account_signup", {"email": "new@example.org", **password}, capture)
    _post(client, "account_signup", {"email": "alice@example.org", **password}, capture)
    # Reset: the reset link; an address with no account: the sign-up link.
    _post(client, "account_reset_password", {"email": "alice@example.org"}, capture)
    _post(client, "account_reset_password", {"email": "nobody@example.org"}, capture)

    mails = _opened()
    assert len(mails) == 4
    assert all(links(text) for text in mails)
    assert [off_site(text) for text in mails] == [set()] * 4


@pytest.mark.django_db
def test_the_welcome_links_to_site_url(client, django_capture_on_commit_callbacks):
    user = UserFactory(email="welcome@example.org")
    user.emailaddress_set.update(verified=False)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_login"),
            {"login": user.email, "password": PASSWORD},
            SERVER_NAME=ELSEWHERE,
        )
    key = re.search(r"/accounts/confirm-email/([^/\s]+)/", _opened()[-1]).group(1)
    client.post(reverse("account_confirm_email", args=[key]), SERVER_NAME=ELSEWHERE)

    welcome = OutgoingEmail.objects.get(key=f"welcome:{user.pk}")
    assert off_site(welcome.body_text, welcome.body_html) == set()
    assert SITE + reverse("accounts:overview") + "#emails" in welcome.body_text


@pytest.mark.django_db
def test_service_links_start_with_site_url(alice, org_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation_send(organisation=org_a, by=alice, email="colleague@example.org")
        services.email_to_member(
            user=alice,
            topic="forum.digest",
            kind="forum_meeting_cancelled",
            key="test:links",
            context=_context("forum_meeting_cancelled"),
        )

    mails = _opened()
    assert len(mails) == 2
    assert all(links(text) for text in mails)
    assert [off_site(text) for text in mails] == [set()] * 2
    member_mail = OutgoingEmail.objects.get(key="test:links")
    assert member_mail.headers["List-Unsubscribe"].startswith(f"<{SITE}/")
