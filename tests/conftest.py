"""Shared people: alice (admin of organisation A), bob (member of organisation B), charlie (no
organisation), a secretariat member and a staff user."""

from __future__ import annotations

import fcntl
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from accounts.models import Organisation, Role, User
from forum.models import SECRETARIAT_GROUP
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests last (after pytest-django has put database tests first): Playwright's sync
    API keeps an event loop running in the main thread for the rest of the session, and an
    async view (the health check) requested through the test client after it would fail.
    Under pytest-xdist each worker runs the tests it is given in this order too."""
    browser = Path(__file__).resolve().parent / "browser"
    items.sort(key=lambda item: browser in Path(item.path).resolve().parents)


@pytest.fixture(autouse=True)
def _serial_tests_alone(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[None]:
    """A test marked ``serial`` runs while no other test of the run does (`make test` runs the
    suite on pytest-xdist workers): it waits for the other workers' current tests to end, and
    they wait for it before their next one.

    Every test holds a lock file shared; a serial test holds it alone. A turnstile taken just
    to queue for that lock lets a waiting serial test in before the others' next tests. The
    files lie in the run's temporary folder, which all workers share (``popen-gwN``'s parent).
    """
    if not hasattr(request.config, "workerinput"):  # not under pytest-xdist: nothing runs beside
        yield
        return
    alone = request.node.get_closest_marker("serial") is not None
    shared = tmp_path_factory.getbasetemp().parent
    with (
        open(shared / "serial.turnstile", "a") as turnstile,
        open(shared / "serial.lock", "a") as lock,
    ):
        fcntl.flock(turnstile, fcntl.LOCK_EX)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX if alone else fcntl.LOCK_SH)
        finally:
            fcntl.flock(turnstile, fcntl.LOCK_UN)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture(autouse=True)
def _clear_cache():
    # A rate-limit counter or cached session left by one test must not leak into the next.
    # Only this run's keys go: other runs on the same Redis keep theirs.
    from django.conf import settings
    from django.core.cache import cache

    client = cache._cache.get_client(write=True)
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    for key in client.scan_iter(match=f"{prefix}:*", count=1000):
        client.delete(key)
    yield


@pytest.fixture(autouse=True)
def _english_to_start():
    # A request to /nl/… leaves Dutch active in the test's thread; content created afterwards
    # would be stored as Dutch (django-modeltranslation writes the active language's column).
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path) -> None:
    # Uploads made by a test go to its own temporary folder, not the project's var/media.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def reference_data(transactional_db) -> None:
    """Reload what migrations put in the database (vocabularies, coalitions).

    Tests on a live server or a worker run in transactions that are flushed afterwards, which
    empties those tables for the tests that follow; they ask for this fixture.
    """
    from alliance.services import activity_areas_load, coalitions_load
    from taxonomy.services import vocabularies_load

    vocabularies_load()
    activity_areas_load()
    coalitions_load()


@pytest.fixture
def world(bob, staff, django_capture_on_commit_callbacks):
    """One of everything, for the tests that walk every URL (``tests/catalogue.py``)."""
    # Imported here: the catalogue imports this module's sign-in helpers.
    from tests.catalogue import build_world

    with django_capture_on_commit_callbacks(execute=True):
        return build_world(bob=bob, staff=staff)


@pytest.fixture
def org_a(db) -> Organisation:
    return OrganisationFactory(name="Organisation A")


@pytest.fixture
def org_b(db) -> Organisation:
    return OrganisationFactory(name="Organisation B")


@pytest.fixture
def alice(org_a) -> User:
    user = UserFactory(email="alice@example.org", name="Alice Adams")
    MembershipFactory(user=user, organisation=org_a, role=Role.ADMIN)
    return user


@pytest.fixture
def bob(org_b) -> User:
    user = UserFactory(email="bob@example.org", name="Bob Brown")
    MembershipFactory(user=user, organisation=org_b, role=Role.MEMBER)
    return user


@pytest.fixture
def charlie(db) -> User:
    return UserFactory(email="charlie@example.org", name="Charlie Clark")


@pytest.fixture
def secretariat(db) -> User:
    user = UserFactory(email="secretariat@example.org", name="Sam Secretariat")
    user.groups.add(Group.objects.get_or_create(name=SECRETARIAT_GROUP)[0])
    return user


def enrol_totp(user: User) -> str:
    """Set up an authenticator app for ``user``; returns the TOTP secret."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


@pytest.fixture
def staff(db) -> User:
    """A superuser with an authenticator app and recovery codes, as staff powers require."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    user = UserFactory(
        email="staff@example.org", name="Stella Staff", is_staff=True, is_superuser=True
    )
    enrol_totp(user)
    RecoveryCodes.activate(user)
    return user


def _second_factor_codes(user: User) -> Iterator[str]:
    """The authenticator app's current code, then the unused recovery codes: allauth accepts
    each TOTP code once, so a test signing in twice within 30 s needs the latter."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
    from allauth.mfa.utils import decrypt

    for authenticator in Authenticator.objects.filter(user=user).order_by("type"):
        if authenticator.type == Authenticator.Type.TOTP:
            secret = decrypt(authenticator.data["secret"])
            yield format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    for authenticator in Authenticator.objects.filter(
        user=user, type=Authenticator.Type.RECOVERY_CODES
    ):
        yield from RecoveryCodes(authenticator).get_unused_codes()


def sign_in_with_second_factor(user: User) -> Client:
    """Sign in as staff do: password, then a code from the authenticator app."""
    client = Client()
    first = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert first.status_code == 302 and first.url == reverse("mfa_authenticate"), first
    for code in _second_factor_codes(user):
        if client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302:
            return client
    raise AssertionError(f"no second-factor code of {user} was accepted")


def client_for(user: User) -> Client:
    """A client signed in as ``user``; staff with an authenticator sign in with it too, since
    their staff powers need it (accounts.middleware)."""
    from allauth.mfa.models import Authenticator

    if (user.is_staff or user.is_superuser) and Authenticator.objects.filter(
        user=user, type=Authenticator.Type.TOTP
    ).exists():
        return sign_in_with_second_factor(user)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def alice_client(alice) -> Client:
    return client_for(alice)


@pytest.fixture
def bob_client(bob) -> Client:
    return client_for(bob)


@pytest.fixture
def charlie_client(charlie) -> Client:
    return client_for(charlie)
