"""A freshly signed-in staff member who opens an enrolment link goes straight to setting up
the authenticator: allauth's "enter your password again" step is not asked on top of the link.
Everyone else is still asked before changing their second factor."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts import services
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _signed_in(email: str) -> Client:
    client = Client()
    response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _open_link(client: Client, link: str) -> None:
    token = urlsplit(link).query.removeprefix("token=")
    response = client.post(reverse("accounts:second_factor"), {"token": token})
    assert response.url == reverse("mfa_activate_totp")


def test_a_staff_member_with_a_link_is_not_asked_for_the_password_again():
    staff = UserFactory(email="fresh@example.org", is_staff=True)
    client = _signed_in(staff.email)
    _open_link(client, services.staff_enrolment_issue(user=staff, by=None))

    page = client.get(reverse("mfa_activate_totp"))

    assert page.status_code == 200
    assert "mfa.totp.secret" in client.session


def test_without_the_link_the_password_is_asked_again(settings):
    person = UserFactory(email="someone@example.org")
    client = _signed_in(person.email)

    page = client.get(reverse("mfa_activate_totp"))

    assert page.status_code == 302
    assert page.url.startswith(reverse("account_reauthenticate"))


def test_once_the_link_has_run_out_the_password_is_asked_again(settings):
    staff = UserFactory(email="slow@example.org", is_staff=True)
    client = _signed_in(staff.email)
    _open_link(client, services.staff_enrolment_issue(user=staff, by=None))

    with time_machine.travel(time.time() + settings.STAFF_ENROLMENT_GRANT_SECONDS + 60):
        page = client.get(reverse("mfa_activate_totp"))

    # Without the grant a password-only staff session may not open the page at all.
    assert page.status_code == 302
    assert not page.url.startswith(reverse("mfa_activate_totp"))
