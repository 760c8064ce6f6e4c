"""The read replica's routing decisions, without a replica: which requests read from it, read
your writes, fallback when it is down or late, a view run again when it fails, and the health
entry. The replica alias is a test mirror of the test database (config/test_settings.py); the
real streaming replica is in tests/integration/test_read_replica.py."""

from __future__ import annotations

import json
import time
from types import SimpleNamespace
from typing import Any

import pytest
import time_machine
from asgiref.sync import async_to_sync
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import OperationalError, connections, router
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.urls import ResolverMatch
from health_check.checks import Database

from config import replica
from config.health import HealthView, Replica
from config.replica import COOKIE, DOWN, LAGGING, UP, ReplicaMiddleware, ReplicaStatus
from config.routers import REPLICA, ReplicaRouter, current_route
from taxonomy.models import Theme


@pytest.fixture(autouse=True)
def _routing_on(settings):
    settings.DATABASE_ROUTERS = [*settings.DATABASE_ROUTERS, "config.routers.ReplicaRouter"]
    settings.DATABASE_REPLICA_URL = "postgres://replica.invalid/portal"
    settings.READ_YOUR_WRITES_SECONDS = 5
    settings.REPLICA_MAX_LAG_SECONDS = 5
    settings.REPLICA_CHECK_SECONDS = 2
    replica._local = (0.0, None)
    yield
    replica._local = (0.0, None)


def _state(state: str, lag: float | None = 0.0) -> None:
    now = time.time()
    replica.publish(ReplicaStatus(state, lag, "", now, now))
    replica._local = (0.0, None)  # every test reads the shared state, as another worker would


def public_view(request: HttpRequest) -> HttpResponse:
    """A public page: says where its reads go."""
    return HttpResponse(router.db_for_read(Theme))


def _serve(request: HttpRequest, view: Any = public_view, user: Any = None) -> HttpResponse:
    request.user = user or AnonymousUser()
    request.resolver_match = ResolverMatch(view, (), {})

    def inner(request: HttpRequest) -> HttpResponse:
        middleware.process_view(request, view, (), {})
        try:
            return view(request)
        except Exception as exc:
            response = middleware.process_exception(request, exc)
            if response is None:
                raise
            return response

    middleware = ReplicaMiddleware(inner)
    return middleware(request)


def _read_from(response: HttpResponse) -> str:
    return response.content.decode()


def test_an_anonymous_visitor_reads_a_public_page_from_the_replica(rf):
    _state(UP)
    assert _read_from(_serve(rf.get("/knowledge/"))) == REPLICA
    assert _read_from(_serve(rf.head("/api/v1/practices/"))) == REPLICA


def test_outside_a_request_everything_reads_and_writes_on_the_primary():
    # Celery tasks, the shell and management commands: no route, so Django's default.
    _state(UP)
    assert current_route() is None
    assert router.db_for_read(Theme) == "default"
    assert router.db_for_write(Theme) == "default"


def test_a_signed_in_visitor_reads_from_the_primary(rf):
    _state(UP)
    person = SimpleNamespace(is_authenticated=True)
    assert _read_from(_serve(rf.get("/knowledge/"), user=person)) == "default"


def test_the_admin_sign_in_and_health_read_from_the_primary(rf):
    # Views are recognised by their module: the admin's, allauth's, the health check's.
    from allauth.account import views as allauth_views
    from django.contrib.admin import sites

    assert replica.may_read_from_replica(rf.get("/"), public_view)
    assert not replica.may_read_from_replica(rf.get("/admin/"), sites.AdminSite().index)
    assert not replica.may_read_from_replica(rf.get("/accounts/login/"), allauth_views.login)
    assert not replica.may_read_from_replica(rf.get("/health/"), HealthView.as_view())


@pytest.mark.parametrize("state", [DOWN, LAGGING])
def test_a_replica_down_or_late_leaves_reads_on_the_primary(rf, state):
    _state(state, None if state == DOWN else 12.0)
    assert _read_from(_serve(rf.get("/knowledge/"))) == "default"


def test_an_unknown_state_being_measured_elsewhere_reads_from_the_primary(rf):
    cache.delete(replica._STATE_KEY)
    cache.add(replica._LOCK_KEY, 1, timeout=10)  # another worker is measuring
    assert _read_from(_serve(rf.get("/knowledge/"))) == "default"


def test_a_form_post_sets_the_cookie_and_the_next_reads_go_to_the_primary(rf):
    _state(UP)
    posted = _serve(rf.post("/help/", {"subject": "x"}))
    assert _read_from(posted) == "default"
    cookie = posted.cookies[COOKIE]
    assert cookie["max-age"] == 5 and cookie["httponly"] and cookie["samesite"] == "Lax"

    after = rf.get("/help/")
    after.COOKIES[COOKIE] = cookie.value
    assert _read_from(_serve(after)) == "default"
    # Another visitor, without the cookie, reads the replica.
    assert _read_from(_serve(rf.get("/help/"))) == REPLICA


def test_the_cookie_lapses_after_read_your_writes_seconds(rf):
    _state(UP)
    with time_machine.travel(time.time(), tick=False) as clock:
        value = _serve(rf.post("/help/")).cookies[COOKIE].value
        clock.shift(4)
        _state(UP)
        within = rf.get("/help/")
        within.COOKIES[COOKIE] = value
        assert _read_from(_serve(within)) == "default"
        clock.shift(2)
        _state(UP)
        later = rf.get("/help/")
        later.COOKIES[COOKIE] = value
        assert _read_from(_serve(later)) == REPLICA


def test_a_forged_cookie_changes_nothing(rf):
    _state(UP)
    forged = rf.get("/help/")
    forged.COOKIES[COOKIE] = "1:forged:signature"
    assert _read_from(_serve(forged)) == REPLICA


def test_a_write_moves_the_rest_of_the_request_to_the_primary(rf):
    _state(UP)
    seen = []

    def writing_view(request: HttpRequest) -> HttpResponse:
        seen.append(router.db_for_read(Theme))
        seen.append(router.db_for_write(Theme))
        seen.append(router.db_for_read(Theme))
        return HttpResponse("")

    response = _serve(rf.get("/knowledge/"), writing_view)
    assert seen == [REPLICA, "default", "default"]
    # A GET that wrote: the visitor reads their write next time too.
    assert COOKIE in response.cookies


def test_reads_inside_a_transaction_on_the_primary_stay_there(rf, db):
    # A database test runs inside a transaction on the primary: the rule is what it sees.
    _state(UP)
    assert connections["default"].in_atomic_block
    assert _read_from(_serve(rf.get("/knowledge/"))) == "default"


def test_objects_read_from_the_replica_are_written_and_followed_on_the_primary():
    on_replica = Theme(slug="x")
    on_replica._state.db = REPLICA
    on_primary = Theme(slug="y")
    on_primary._state.db = "default"
    router_ = ReplicaRouter()

    assert router.db_for_write(Theme, instance=on_replica) == "default"
    assert router.db_for_read(Theme, instance=on_replica) == "default"
    assert router_.allow_relation(on_replica, on_primary)
    assert router_.allow_migrate(REPLICA, "taxonomy") is False
    assert router_.allow_migrate("default", "taxonomy") is None


def test_a_replica_failing_under_a_view_is_marked_down_and_the_view_runs_on_the_primary(
    rf, monkeypatch
):
    _state(UP)
    # The replica's connection is gone (a connection left by an earlier test would answer).
    monkeypatch.setattr(connections[REPLICA], "is_usable", lambda: False)
    calls = []

    def view(request: HttpRequest) -> HttpResponse:
        calls.append(router.db_for_read(Theme))
        if len(calls) == 1:
            # What Django's error wrapper leaves after a refused connection.
            connections[REPLICA].errors_occurred = True
            raise OperationalError("connection refused")
        return HttpResponse("served")

    try:
        response = _serve(rf.get("/knowledge/"), view)
    finally:
        connections[REPLICA].errors_occurred = False
    assert calls == [REPLICA, "default"]
    assert response.content == b"served"
    assert replica._shared().state == DOWN
    # Every worker now reads from the primary.
    replica._local = (0.0, None)
    assert _read_from(_serve(rf.get("/knowledge/"))) == "default"


def test_an_error_of_the_primary_is_left_to_the_503_page(rf):
    _state(UP)

    def view(request: HttpRequest) -> HttpResponse:
        raise OperationalError("the primary is gone")

    with pytest.raises(OperationalError):
        _serve(rf.get("/knowledge/"), view)


@pytest.mark.django_db(databases=["default", REPLICA])
def test_a_database_that_is_no_standby_is_not_used_as_a_replica():
    # The test mirror is the primary itself.
    found = replica.refresh()
    assert (found.state, found.detail) == (DOWN, "not a standby")
    assert not found.serves


def test_the_state_is_measured_once_per_interval_and_shared(monkeypatch):
    measured = []

    def measure(previous: ReplicaStatus | None = None) -> ReplicaStatus:
        measured.append(time.time())
        return ReplicaStatus(UP, 0.0, "", time.time(), time.time())

    monkeypatch.setattr(replica, "measure", measure)
    cache.delete(replica._STATE_KEY)
    for _ in range(5):
        replica._local = (0.0, None)  # five workers, one after the other
        assert replica.status().serves
    assert len(measured) == 1


def test_the_lag_is_described_with_its_limit():
    lagging = ReplicaStatus(LAGGING, 12.34, "", 0.0, None)
    assert lagging.describe() == "lagging, 12.3 s behind (limit 5 s)"
    assert ReplicaStatus(DOWN, None, "connection refused", 0.0, None).describe() == (
        "down (connection refused)"
    )


@pytest.mark.django_db(databases=["default", REPLICA])
def test_health_reports_a_replica_down_as_a_warning_and_stays_ok():
    response = async_to_sync(HealthView.as_view(checks=[Database, Replica]))(
        RequestFactory().get("/health/", {"format": "json"})
    )
    body = json.loads(response.content)
    assert response.status_code == 200
    assert body["Database(alias='default')"] == "OK"
    assert body["Replica()"] == "Warning: down (not a standby); reads go to the primary"


@pytest.mark.django_db
def test_health_still_fails_when_a_check_other_than_the_replica_fails():
    class Broken(Database):
        def run(self) -> None:
            from health_check.exceptions import ServiceUnavailable

            raise ServiceUnavailable("gone")

    response = async_to_sync(HealthView.as_view(checks=[Broken]))(
        RequestFactory().get("/health/", {"format": "json"})
    )
    assert response.status_code == 500
