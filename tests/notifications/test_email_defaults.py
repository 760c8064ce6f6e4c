"""A new account starts with only the emails that follow from what the person does; the rest
are opt-in with a consent record; the welcome says which are on and where to change them.
Existing accounts keep what they had."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from forum.models import DigestFrequency, MemberPreferences
from notifications import topics
from notifications.models import ConsentRecord, EmailOptOut, OutgoingEmail
from notifications.selectors import preferences_for

pytestmark = pytest.mark.django_db

PASSWORD = "a long enough passphrase"


def _sign_up(client, capture, email: str = "new@example.org") -> User:
    with capture(execute=True):
        client.post(
            reverse("account_signup"),
            {"email": email, "password1": PASSWORD, "password2": PASSWORD},
        )
    return User.objects.get(email=email)


def _confirm(client, capture) -> None:
    key = re.search(r"/accounts/confirm-email/([^/\s]+)/", mail.outbox[-1].body).group(1)
    with capture(execute=True):
        client.post(reverse("account_confirm_email", args=[key]))


def test_only_what_follows_from_the_persons_own_actions_is_on_at_first(
    client, django_capture_on_commit_callbacks
):
    user = _sign_up(client, django_capture_on_commit_callbacks)

    wanted = {p.topic: p.wanted for p in preferences_for(user.pk)}
    assert wanted["forum.minutes"] is False
    for topic in (
        "forum.digest",
        "forum.reminders",
        "forum.meetings",
        "forum.recommendations",
        "forum.actions",
        "forum.join-requests",
        "forum.updates",
        "forum.update_papers",
        "commitments.reminders",
        "knowledge.alerts",
        "knowledge.submissions",
    ):
        assert wanted[topic] is True, topic
    assert set(topics.off_at_first()) == {t for t, on in wanted.items() if not on}
    # Nothing was withdrawn: no consent was ever given.
    assert not ConsentRecord.objects.filter(user=user).exists()


def test_turning_an_opt_in_email_on_records_the_consent(client, django_capture_on_commit_callbacks):
    user = _sign_up(client, django_capture_on_commit_callbacks)
    _confirm(client, django_capture_on_commit_callbacks)

    client.post(reverse("notifications:preference"), {"topic": "forum.minutes", "wanted": "1"})

    assert not EmailOptOut.objects.filter(user=user, topic="forum.minutes").exists()
    record = ConsentRecord.objects.get(user=user, purpose="forum.minutes")
    assert record.given and record.source == "account"


def test_existing_accounts_keep_every_email_they_had(alice):
    assert all(p.wanted for p in preferences_for(alice.pk))


def test_the_welcome_comes_once_the_address_is_confirmed(
    client, django_capture_on_commit_callbacks
):
    user = _sign_up(client, django_capture_on_commit_callbacks)
    assert not OutgoingEmail.objects.filter(key=f"welcome:{user.pk}").exists()

    _confirm(client, django_capture_on_commit_callbacks)

    welcome = mail.outbox[-1]
    assert welcome.to == [user.email]
    assert welcome.subject == "Welcome to the CSR Alliance & Knowledge Centre portal"
    html = welcome.alternatives[0][0]
    on, off = welcome.body.split("These are off until you turn them on:")
    assert "Forum digest" in on and "Forum minutes and summary notes" in off
    assert "Forum minutes" not in on
    # The digest's frequency, as a new member's preferences start, and where to change it.
    default = MemberPreferences._meta.get_field("digest_frequency").default
    assert str(DigestFrequency(default).label).lower() in on
    assert reverse("forum:me") in welcome.body and reverse("forum:me") in html
    assert reverse("accounts:overview") + "#emails" in welcome.body
    assert 'href="' in html and "Change which emails you get" in html


def test_a_changed_address_brings_no_second_welcome(
    alice, alice_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(reverse("account_email"), {"action_add": "", "email": "a2@example.org"})
    _confirm(alice_client, django_capture_on_commit_callbacks)

    alice.refresh_from_db()
    assert alice.email == "a2@example.org"
    assert not OutgoingEmail.objects.filter(key__startswith="welcome:").exists()


def test_the_welcome_is_written_in_the_persons_language(client, django_capture_on_commit_callbacks):
    from notifications.welcome import welcome_send

    user = _sign_up(client, django_capture_on_commit_callbacks)
    User.objects.filter(pk=user.pk).update(language="nl")
    user.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        row = welcome_send(user=user)
        again = welcome_send(user=user)

    assert row.pk == again.pk  # once per account
    assert "/nl/forum/" in row.body_text


def test_pages_that_say_contact_us_link_to_the_contact_address(
    client, alice_client, settings, django_capture_on_commit_callbacks
):
    settings.CONTACT_EMAIL = "help@portal.example.org"
    link = 'href="mailto:help@portal.example.org"'

    assert link in client.get(reverse("account_reset_password")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            reverse("account_reset_password"), {"email": "x@example.org"}, follow=True
        )
    assert link in done.content.decode()
    _sign_up(client, django_capture_on_commit_callbacks)
    assert link in client.get(reverse("account_email_verification_sent")).content.decode()
    assert link in alice_client.get(reverse("accounts:overview")).content.decode()
