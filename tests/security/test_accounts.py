"""Sign-in protections: rate limits, the second factor for staff, session limits."""

import re
import time

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client
from django.urls import reverse

from accounts.middleware import SIGNED_IN_AT
from tests.conftest import enrol_totp
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _login(client, email, password="wrong password", **extra):  # noqa: S107
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def test_failed_logins_are_limited_per_address(client, alice):
    for _ in range(5):
        _login(client, alice.email)

    response = _login(client, alice.email, PASSWORD)

    # allauth answers a limited login with the form and a message, not a session.
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


def test_limits_do_not_trust_a_forwarded_header(alice):
    # One visitor rotating X-Forwarded-For must not get fresh attempts (no proxy configured).
    client = Client()
    for n in range(5):
        _login(client, alice.email, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")

    _login(client, alice.email, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.99")

    assert "_auth_user_id" not in client.session


def test_another_visitor_is_not_locked_out_by_someone_elses_failures(alice, bob):
    attacker = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(5):
        _login(attacker, alice.email)

    victim = Client(REMOTE_ADDR="198.51.100.8")
    _login(victim, bob.email, PASSWORD)

    assert victim.session.get("_auth_user_id") == str(bob.pk)


def _signed_in_as(client, user) -> bool:
    return client.session.get("_auth_user_id") == str(user.pk)


def test_failures_from_one_address_do_not_lock_out_the_person_from_another(alice):
    attacker = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(50):
        _login(attacker, alice.email)

    victim = Client(REMOTE_ADDR="203.0.113.20")
    _login(victim, alice.email, PASSWORD)

    assert _signed_in_as(victim, alice)


def test_failures_from_one_address_block_that_address_for_the_account(alice, bob):
    attacker = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(5):
        _login(attacker, alice.email)

    _login(attacker, alice.email, PASSWORD)
    blocked = _signed_in_as(attacker, alice)
    with time_machine.travel(time.time() + 61):
        # The address may still sign in to another account (the per-address limit is short).
        _login(attacker, bob.email, PASSWORD)

    assert not blocked
    assert _signed_in_as(attacker, bob)


def test_an_address_stays_blocked_for_the_account_through_the_day(alice):
    attacker = Client(REMOTE_ADDR="198.51.100.7")
    start = time.time()
    for burst in range(4):
        with time_machine.travel(start + burst * 600):
            for _ in range(5):
                _login(attacker, alice.email)

    with time_machine.travel(start + 4 * 600):
        _login(attacker, alice.email, PASSWORD)

    assert not _signed_in_as(attacker, alice)


def test_the_per_account_ceiling_stops_a_guess_spread_over_many_addresses(alice, settings):
    ceiling = int(settings.LOGIN_FAILED_PER_ACCOUNT.split("/")[0])
    per_address = 4  # below the account-and-address limit
    for n in range(ceiling // per_address + 1):
        guesser = Client(REMOTE_ADDR=f"10.{n // 250}.{n % 250}.1")
        for _ in range(per_address):
            _login(guesser, alice.email)

    late = Client(REMOTE_ADDR="203.0.113.20")
    _login(late, alice.email, PASSWORD)

    assert not _signed_in_as(late, alice)


def test_a_successful_sign_in_forgets_the_slips_made_from_its_address(alice):
    person = Client(REMOTE_ADDR="203.0.113.20")
    for _ in range(4):
        _login(person, alice.email)
    _login(person, alice.email, PASSWORD)
    person.logout()
    for _ in range(4):
        _login(person, alice.email)
    _login(person, alice.email, PASSWORD)

    assert _signed_in_as(person, alice)


def test_the_limits_are_settings_and_the_ceiling_is_much_higher(settings):
    from allauth.core.internal.ratelimit import parse_rates

    pair = parse_rates(settings.LOGIN_FAILED_PER_ACCOUNT_AND_ADDRESS)
    (ceiling,) = [
        r for r in parse_rates(settings.ACCOUNT_RATE_LIMITS["login_failed"]) if r.per == "key"
    ]
    per_day = max(r.amount * 86400 / r.duration for r in pair if r.duration >= 86400)

    assert settings.ACCOUNT_RATE_LIMITS["login_failed_account_address"] == (
        settings.LOGIN_FAILED_PER_ACCOUNT_AND_ADDRESS
    )
    assert all(r.per == "key" for r in pair)
    assert ceiling.amount * 86400 / ceiling.duration >= 10 * per_day


def test_login_answer_does_not_reveal_whether_an_email_exists(client, alice):
    known = _login(client, alice.email).content.decode()
    unknown = _login(client, "nobody-here@example.org").content.decode()

    def message(html):
        form = html.split("<main", 1)[1].split("</form>")[0]
        form = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", form)
        return form.replace("nobody-here@example.org", "")

    assert message(known).replace(alice.email, "") == message(unknown)


def test_admin_login_goes_through_allauth(client):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_staff_sign_in_asks_for_the_authenticator_code(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    secret = enrol_totp(user)

    first = _login(client, user.email, PASSWORD)
    assert first.status_code == 302
    assert first.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session

    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    second = client.post(reverse("mfa_authenticate"), {"code": code})

    assert second.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_session_key_changes_at_sign_in(client, alice):
    client.get(reverse("account_login"))
    client.session.save()
    before = client.session.session_key

    _login(client, alice.email, PASSWORD)

    assert client.session.session_key != before
    assert client.session.get("_auth_user_id") == str(alice.pk)


def test_session_ends_after_the_absolute_limit(alice_client, settings):
    assert alice_client.get(reverse("accounts:overview")).status_code == 200
    started = alice_client.session[SIGNED_IN_AT]

    with time_machine.travel(started + settings.SESSION_ABSOLUTE_SECONDS + 60):
        response = alice_client.get(reverse("accounts:overview"))

    assert response.status_code == 302
    assert "_auth_user_id" not in alice_client.session


def test_session_cookie_is_renewed_and_idles_out(alice_client, settings):
    with time_machine.travel(time.time() + settings.SESSION_RENEW_SECONDS + 1):
        response = alice_client.get(reverse("accounts:overview"))

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == settings.SESSION_COOKIE_AGE
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_session_is_renewed_once_a_minute_not_on_every_request(alice_client, settings):
    # Signing in wrote the session; the requests of the next minute do not write it again.
    first = alice_client.get(reverse("accounts:overview"))
    second = alice_client.get(reverse("accounts:overview"))
    with time_machine.travel(time.time() + settings.SESSION_RENEW_SECONDS + 1):
        later = alice_client.get(reverse("accounts:overview"))

    assert settings.SESSION_COOKIE_NAME not in first.cookies
    assert settings.SESSION_COOKIE_NAME not in second.cookies
    assert int(later.cookies[settings.SESSION_COOKIE_NAME]["max-age"]) == (
        settings.SESSION_COOKIE_AGE
    )


def test_deactivated_account_is_signed_out(alice, alice_client):
    alice.is_active = False
    alice.save()

    response = alice_client.get(reverse("accounts:overview"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_anyone_may_set_up_a_second_factor_after_confirming_the_password(alice_client):
    index = alice_client.get(reverse("mfa_index"))
    asked = alice_client.get(reverse("mfa_activate_totp"))
    alice_client.post(asked.url, {"password": PASSWORD})
    activate = alice_client.get(reverse("mfa_activate_totp"))

    assert index.status_code == 200
    assert asked.url.startswith(reverse("account_reauthenticate"))
    assert activate.status_code == 200
    assert 'lang="en"' in activate.content.decode()
    assert "<svg" in activate.content.decode() or "data:image" in activate.content.decode()
