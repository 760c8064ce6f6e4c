"""allauth's pages and emails in the portal's voice: sentence case in every heading, button,
label and subject, plain words that name the portal, none of allauth's stock phrases, and the
text through the translation catalogues (Dutch shown)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from allauth.account.adapter import get_adapter
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from accounts.adapters import email_site
from tests.conftest import _second_factor_codes, enrol_totp
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PORTAL = "CSR Alliance & Knowledge Centre"
# Words that keep their capital after the first word: the portal's and the Alliance's names,
# abbreviations.
PROPER = {"CSR", "Alliance", "Knowledge", "Centre", "European", "Forum", "EU", "QR", "SVG", "I"}
# allauth's own wording, which the portal replaces everywhere.
STOCK = [
    "Sign In",
    "Sign Up",
    "Signup",
    "Sign Out",
    "Verify Your Email Address",
    "Confirm Email Address",
    "Please confirm that",
    "is an email address for user",
    "Forgotten your password?",
    "Reset My Password",
    "Password Reset",
    "Change Password",
    "Set Password",
    "Bad Token",
    "Confirm Access",
    "Please reauthenticate",
    "Remember Me",
    "Current Password",
    "New Password",
    "Email Address",
    "Re-send Verification",
    "Cancel Change",
    "Two-Factor",
    "Authenticator App",
    "Recovery Codes",
    "Hello from",
    "Thank you for using",
    "receiving this",
    "Successfully signed in",
    "Account Inactive",
    "finalize the signup",
    "take proper security precautions",
]


class _Texts(HTMLParser):
    """The text of each h1, h2, h3, button, link styled as a button, label and the title."""

    WATCHED = {"h1", "h2", "h3", "button", "label", "title", "a"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, bool]] = []
        self.texts: list[tuple[str, str]] = []
        self.buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.WATCHED:
            return
        classes = dict(attrs).get("class") or ""
        watched = tag != "a" or "button" in classes.split()
        self.stack.append((tag, watched))
        self.buffer = []

    def handle_endtag(self, tag: str) -> None:
        if self.stack and self.stack[-1][0] == tag:
            name, watched = self.stack.pop()
            text = " ".join("".join(self.buffer).split())
            if watched and text:
                self.texts.append((name, text))
            self.buffer = []

    def handle_data(self, data: str) -> None:
        if self.stack:
            self.buffer.append(data)


def _title_case_words(text: str) -> list[str]:
    # The site name after "·" in <title> is a name.
    text = text.split(" · ")[0]
    words = re.findall(r"[\w'’-]+", text)
    return [w for w in words[1:] if w[0].isupper() and w not in PROPER and not w.isupper()]


def assert_in_the_portals_voice(html: str, where: str) -> None:
    for phrase in STOCK:
        assert phrase not in html, f"{where}: allauth's {phrase!r}"
    parser = _Texts()
    parser.feed(html)
    for tag, text in parser.texts:
        assert not _title_case_words(text), f"{where}: Title Case in <{tag}> {text!r}"


def _signed_in(user) -> Client:
    """A real sign-in (password, then the code for an account with an authenticator), so
    allauth counts the session as recently authenticated."""
    client = Client()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    # allauth asks for the password again before any change to a second factor, even right
    # after signing in (docs/security.md).
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302
    return client


def _verified_user(**kwargs):
    user = UserFactory(**kwargs)
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def _pages() -> list[tuple[str, Client, str]]:
    anonymous = Client()
    person = _verified_user(email="person@example.org")
    person_client = _signed_in(person)
    # Someone changing their address.
    changing = _verified_user(email="changing@example.org")
    pending = EmailAddress.objects.create(user=changing, email="new@example.org", verified=False)
    changing_client = _signed_in(changing)
    # Someone with an authenticator app and recovery codes.
    secured = _verified_user(email="secured@example.org")
    enrol_totp(secured)
    RecoveryCodes.activate(secured)
    secured_client = Client()
    secured_client.force_login(secured)
    secured_client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    at_code_step = Client()
    at_code_step.post(reverse("account_login"), {"login": secured.email, "password": PASSWORD})

    person.refresh_from_db()  # signing in changed last_login, which the token covers
    key = default_token_generator.make_token(person)
    reset = reverse("account_reset_password_from_key", args=[user_pk_to_url_str(person), key])
    reset_client = Client()
    reset_form = reset_client.get(reset).url  # allauth moves the key into the session
    confirm_key = EmailConfirmationHMAC(pending).key

    return [
        ("login", anonymous, reverse("account_login")),
        ("signup", anonymous, reverse("account_signup")),
        ("reset", anonymous, reverse("account_reset_password")),
        ("reset done", anonymous, reverse("account_reset_password_done")),
        ("reset bad link", anonymous, reverse("account_reset_password_from_key", args=["x", "y"])),
        ("reset new password", reset_client, reset_form),
        ("reset finished", anonymous, reverse("account_reset_password_from_key_done")),
        ("verification sent", anonymous, reverse("account_email_verification_sent")),
        ("confirm", anonymous, reverse("account_confirm_email", args=[confirm_key])),
        ("confirm bad link", anonymous, reverse("account_confirm_email", args=["nope"])),
        ("inactive", anonymous, reverse("account_inactive")),
        ("logout", person_client, reverse("account_logout")),
        ("change password", person_client, reverse("account_change_password")),
        ("email", person_client, reverse("account_email")),
        ("email changing", changing_client, reverse("account_email")),
        ("reauthenticate", person_client, reverse("account_reauthenticate")),
        ("two-step", person_client, reverse("mfa_index")),
        ("set up app", person_client, reverse("mfa_activate_totp")),
        ("two-step on", secured_client, reverse("mfa_index")),
        ("code at sign-in", at_code_step, reverse("mfa_authenticate")),
        ("code to confirm", secured_client, reverse("mfa_reauthenticate")),
        ("recovery codes", secured_client, reverse("mfa_view_recovery_codes")),
    ]


def test_every_allauth_page_speaks_in_the_portals_voice():
    for name, client, url in _pages():
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        assert_in_the_portals_voice(response.content.decode(), name)


def test_pages_behind_a_recent_sign_in_speak_in_the_portals_voice():
    secured = _verified_user(email="secured@example.org")
    enrol_totp(secured)
    RecoveryCodes.activate(secured)
    client = Client()
    client.post(reverse("account_login"), {"login": secured.email, "password": PASSWORD})
    for code in _second_factor_codes(secured):
        if client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302:
            break
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    for url in (reverse("mfa_deactivate_totp"), reverse("mfa_generate_recovery_codes")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_in_the_portals_voice(response.content.decode(), url)


@pytest.mark.parametrize(
    "template", ["account/verified_email_required.html", "account/signup_closed.html"]
)
def test_pages_the_portal_reaches_rarely_speak_in_its_voice(template):
    request = RequestFactory().get("/")
    request.user = UserFactory()
    assert_in_the_portals_voice(render_to_string(template, {}, request=request), template)


def test_the_login_page_has_sentence_case_labels_and_no_placeholders(client):
    html = client.get(reverse("account_login")).content.decode()

    assert ">Email address:</label>" in html
    assert ">Keep me signed in on this device:</label>" in html
    assert "placeholder=" not in html


def test_messages_after_signing_in_and_out_are_plain(client, alice):
    EmailAddress.objects.update_or_create(
        user=alice, email=alice.email, defaults={"verified": True, "primary": True}
    )
    response = client.post(
        reverse("account_login"), {"login": alice.email, "password": PASSWORD}, follow=True
    )
    assert "You are signed in." in response.content.decode()

    response = client.post(reverse("account_logout"), follow=True)
    assert "You are signed out." in response.content.decode()


# --- Emails -----------------------------------------------------------------------------------

EMAILS = {
    "account/email/email_confirmation_signup": {"activate_url": "https://x/confirm/k/"},
    "account/email/email_confirmation": {"activate_url": "https://x/confirm/k/"},
    "account/email/password_reset_key": {"password_reset_url": "https://x/reset/k/"},
    "account/email/unknown_account": {"signup_url": "https://x/signup/"},
    "account/email/account_already_exists": {"password_reset_url": "https://x/reset/"},
    "account/email/login_code": {"code": "ABC123"},
    "account/email/password_reset_code": {"code": "ABC123"},
    "account/email/email_changed": {"from_email": "a@example.org", "to_email": "b@example.org"},
    "account/email/email_confirm": {},
    "account/email/email_deleted": {"deleted_email": "a@example.org"},
    "account/email/password_changed": {},
    "account/email/password_reset": {},
    "account/email/password_set": {},
    "mfa/email/totp_activated": {},
    "mfa/email/totp_deactivated": {},
    "mfa/email/recovery_codes_generated": {},
}


def _render(prefix: str, extra: dict, user) -> tuple[str, str, str]:
    context = {
        "current_site": email_site(),
        "email": user.email,
        "user": user,
        "ip": "192.0.2.1",
        "user_agent": "Firefox",
        "timestamp": "2026-12-05 10:00",
        **extra,
    }
    message = get_adapter().render_mail(prefix, user.email, context)
    html = next(c for c, mime in message.alternatives if mime == "text/html")
    return message.subject, message.body, html


@pytest.mark.parametrize("prefix", list(EMAILS))
def test_every_allauth_email_speaks_in_the_portals_voice(prefix):
    user = UserFactory(email="anna@example.org")
    subject, text, html = _render(prefix, EMAILS[prefix], user)

    assert not _title_case_words(subject), subject
    assert PORTAL in text and PORTAL in html
    for value in EMAILS[prefix].values():
        assert value in text and value in html, value
    for phrase in STOCK:
        assert phrase not in subject + text + html, phrase
    assert_in_the_portals_voice(html, prefix)
    assert "&amp;amp;" not in html and "&amp;" not in text


def test_the_confirmation_email_a_new_person_gets_is_the_portals(
    client, django_capture_on_commit_callbacks
):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {"email": "anna@example.org", "password1": PASSWORD, "password2": PASSWORD},
        )

    message = mail.outbox[0]
    assert message.subject == f"Confirm your email address for the {PORTAL} portal"
    assert f"Welcome to the {PORTAL} portal." in message.body
    assert "Someone, probably you, created an account with this email address" in message.body
    html = message.alternatives[0][0]
    assert "Confirm my email address</a>" in html


# --- In Dutch ---------------------------------------------------------------------------------


def test_the_pages_speak_dutch_too():
    with translation.override("nl"):
        login = reverse("account_login")
        sent = reverse("account_email_verification_sent")
    assert login.startswith("/nl/")

    html = Client().get(login).content.decode()
    assert "<h1>Inloggen</h1>" in html
    assert "Sign in to the" not in html

    html = Client().get(sent).content.decode()
    assert "<h1>Bevestig uw e-mailadres</h1>" in html


def test_the_emails_speak_dutch_too():
    user = UserFactory(email="anna@example.org")
    with translation.override("nl"):
        subject, text, _ = _render(
            "account/email/password_reset_key", EMAILS["account/email/password_reset_key"], user
        )

    assert subject == "Stel uw wachtwoord opnieuw in"
    assert "Reset your password" not in text
