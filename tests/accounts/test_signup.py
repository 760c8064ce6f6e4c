import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db


def _signup(client, django_capture_on_commit_callbacks, email="New.Person@Example.ORG"):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(
            reverse("account_signup"),
            {
                "email": email,
                "password1": "a long enough passphrase",
                "password2": "a long enough passphrase",
            },
        )


def test_signup_sends_verification_email_through_the_outbox(
    client, django_capture_on_commit_callbacks
):
    response = _signup(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get()
    assert user.email == "new.person@example.org"
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.person@example.org"]
    assert "/accounts/confirm-email/" in message.body


def test_unverified_user_cannot_sign_in(client, django_capture_on_commit_callbacks):
    _signup(client, django_capture_on_commit_callbacks)
    client.logout()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_login"),
            {"login": "new.person@example.org", "password": "a long enough passphrase"},
        )

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert client.get(reverse("accounts:overview")).status_code == 302


def test_confirming_the_email_signs_in(client, django_capture_on_commit_callbacks):
    _signup(client, django_capture_on_commit_callbacks)
    link = re.search(r"https?://\S+/accounts/confirm-email/(\S+)/", mail.outbox[0].body)
    assert link
    confirm_url = reverse("account_confirm_email", args=[link.group(1)])

    assert client.get(confirm_url).status_code == 200  # a page with a button, not a GET action
    assert not EmailAddress.objects.get().verified
    response = client.post(confirm_url)

    assert response.status_code == 302
    assert EmailAddress.objects.get().verified
    assert client.get(reverse("accounts:overview")).status_code == 200


def test_same_address_in_other_case_is_not_a_second_account(
    client, alice, django_capture_on_commit_callbacks
):
    response = _signup(client, django_capture_on_commit_callbacks, email="ALICE@example.org")

    # allauth does not reveal that the address is taken; it mails the owner instead.
    assert response.status_code == 302
    assert User.objects.filter(email__iexact="alice@example.org").count() == 1


def test_signup_with_bad_input_shows_errors(client):
    response = client.post(
        reverse("account_signup"), {"email": "not-an-email", "password1": "x", "password2": "y"}
    )

    assert response.status_code == 200
    assert not User.objects.exists()
    assert response.context["form"].errors


def test_password_reset_mail_is_sent(client, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": "alice@example.org"})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_email_change_is_verified_before_it_counts(
    alice, alice_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(
            reverse("account_email"), {"action_add": "", "email": "Alice.New@Example.org"}
        )

    assert response.status_code == 302
    assert mail.outbox[-1].to == ["alice.new@example.org"]
    alice.refresh_from_db()
    assert alice.email == "alice@example.org"  # unchanged until the new address is confirmed

    key = re.search(r"/accounts/confirm-email/(\S+)/", mail.outbox[-1].body).group(1)
    alice_client.post(reverse("account_confirm_email", args=[key]))

    alice.refresh_from_db()
    assert alice.email == "alice.new@example.org"
    assert not EmailAddress.objects.filter(email="alice@example.org").exists()


def test_sign_out_is_a_post(alice_client):
    response = alice_client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert alice_client.get(reverse("accounts:overview")).status_code == 302


def test_confirmation_email_names_the_portal_and_its_address(
    client, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://portal.example.eu"
    _signup(client, django_capture_on_commit_callbacks)

    body = mail.outbox[0].body
    assert "Welcome to the CSR Alliance & Knowledge Centre portal." in body
    assert "https://portal.example.eu/accounts/confirm-email/" in body
    assert "the  portal" not in body
