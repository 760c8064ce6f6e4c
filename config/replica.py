"""The read replica: whether it may serve (up, down, lagging), and which requests read from it.

The replica's state is measured at most every ``REPLICA_CHECK_SECONDS`` by whichever web
process first needs it (a lock in the cache), and kept in the shared cache (Redis), so every
worker on every web host routes alike; a process keeps what it read for a second. Never per
query. Lag is measured against the primary: the replica is caught up (lag 0) once it has
replayed the primary's WAL position read just before; otherwise its lag is at most the time
since it was last seen caught up, and at most the age of the last transaction it replayed
(the first transaction it lacks came after that one). An idle primary therefore never makes a
caught-up replica look late, as ``now() - pg_last_xact_replay_timestamp()`` alone would.

Read-your-writes: a request that is not GET/HEAD/OPTIONS, or that wrote, answers with a signed
cookie ``read_primary`` that lasts ``READ_YOUR_WRITES_SECONDS``; while a visitor's browser
sends a valid one, their reads go to the primary. A cookie rather than anything kept on the
server: any web host behind the load balancer reads it without a lookup, it costs nothing for
visitors who never write, and it follows an anonymous visitor who has no session. It is
signed with a timestamp, so neither a forged nor an old one keeps a client on the primary.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse

from config.routers import REPLICA, current_route, request_route

logger = logging.getLogger(__name__)

UP, DOWN, LAGGING = "up", "down", "lagging"
COOKIE = "read_primary"
_SALT = "config.replica.read_primary"
_STATE_KEY = "replica:state"
_LOCK_KEY = "replica:checking"
_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# Views that always read from the primary, whoever asks: the admin, signing in and its
# one-time links, the health check (it reports the replica itself).
_PRIMARY_MODULES = ("django.contrib.admin", "allauth.", "health_check.", "config.health")
# How long a check waits for a replica just behind to replay the primary's position.
_CATCH_UP_WAIT = 0.3
_LOCAL_SECONDS = 1.0

_SQL = """
SELECT pg_is_in_recovery(),
       %s::pg_lsn IS NOT NULL AND pg_last_wal_replay_lsn() >= %s::pg_lsn,
       pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn(),
       EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp())::float8
"""


@dataclass(frozen=True)
class ReplicaStatus:
    state: str  # UP, DOWN or LAGGING
    lag: float | None  # seconds behind the primary, at most; None when down
    detail: str
    checked_at: float  # time.time() of the measurement
    caught_up_at: float | None  # when it was last seen caught up with the primary

    @property
    def serves(self) -> bool:
        return self.state == UP

    def describe(self) -> str:
        if self.state == UP:
            return f"up, {self.lag:.1f} s behind"
        if self.state == LAGGING:
            limit = settings.REPLICA_MAX_LAG_SECONDS
            return f"lagging, {self.lag:.1f} s behind (limit {limit:g} s)"
        return f"down ({self.detail})"


def configured() -> bool:
    return bool(settings.DATABASE_REPLICA_URL)


# --- Measuring ----------------------------------------------------------------------------------


# The primary's WAL position: where its next record goes. At the start of a WAL page that is
# after the page's header (24 bytes, 40 on a segment's first page), which no record replayed
# on the replica ends at: an idle primary would keep it out of reach, and a replica that has
# replayed everything would look behind forever. The page's start is taken instead.
PRIMARY_POSITION_SQL = """
SELECT (CASE WHEN mod(lsn - '0/0', current_setting('wal_block_size')::int) IN (24, 40)
        THEN lsn - mod(lsn - '0/0', current_setting('wal_block_size')::int)
        ELSE lsn END)::text
FROM pg_current_wal_insert_lsn() AS lsn
"""


def _primary_position() -> str | None:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute(PRIMARY_POSITION_SQL)
            return cursor.fetchone()[0]
    except DatabaseError:
        return None  # the primary is out of reach: judge the replica on its own


def measure(previous: ReplicaStatus | None = None) -> ReplicaStatus:
    """Ask the primary and the replica now (a few milliseconds; one connect timeout at most
    when the replica does not answer)."""
    now = time.time()
    caught_up_at = previous.caught_up_at if previous else None
    position = _primary_position()
    try:
        with connections[REPLICA].cursor() as cursor:
            started = time.monotonic()
            while True:
                cursor.execute(_SQL, [position, position])
                in_recovery, caught_up, replayed_all, replay_age = cursor.fetchone()
                if not in_recovery:
                    return ReplicaStatus(DOWN, None, "not a standby", now, caught_up_at)
                if caught_up or (position is None and replayed_all):
                    return ReplicaStatus(UP, 0.0, "", now, now)
                if time.monotonic() - started >= _CATCH_UP_WAIT:
                    break
                time.sleep(0.05)
    except DatabaseError as exc:
        _discard_replica_connection()
        return ReplicaStatus(DOWN, None, _reason(exc), now, caught_up_at)
    bounds = [now - caught_up_at] if caught_up_at is not None else []
    if replay_age is not None:
        bounds.append(replay_age)
    lag = max(min(bounds), _CATCH_UP_WAIT) if bounds else float("inf")
    state = LAGGING if lag > settings.REPLICA_MAX_LAG_SECONDS else UP
    return ReplicaStatus(state, lag, "", now, caught_up_at)


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "refused" in text:
        return "connection refused"
    if "timeout" in text or "timed out" in text:
        return "connection timed out"
    return text[:120]


def _discard_replica_connection() -> None:
    with contextlib.suppress(DatabaseError):
        connections[REPLICA].close()


# --- Sharing ------------------------------------------------------------------------------------

_local: tuple[float, ReplicaStatus | None] = (0.0, None)


def _shared() -> ReplicaStatus | None:
    found = cache.get(_STATE_KEY)
    return ReplicaStatus(**found) if isinstance(found, dict) else None


def publish(status: ReplicaStatus) -> ReplicaStatus:
    global _local
    # Kept well beyond one interval: the next check needs caught_up_at.
    cache.set(_STATE_KEY, asdict(status), timeout=3600)
    _local = (time.monotonic() + _LOCAL_SECONDS, status)
    return status


def refresh() -> ReplicaStatus:
    """Measure now and tell every worker."""
    return publish(measure(_shared()))


def status() -> ReplicaStatus | None:
    """The replica's state as the workers share it; measured here when it is due and no other
    worker is measuring it. None when unknown (reads then go to the primary)."""
    global _local
    expires, known = _local
    if known is not None and time.monotonic() < expires:
        return known
    shared = _shared()
    age = time.time() - shared.checked_at if shared else None
    if shared is not None and age is not None and age < settings.REPLICA_CHECK_SECONDS:
        _local = (time.monotonic() + _LOCAL_SECONDS, shared)
        return shared
    if cache.add(_LOCK_KEY, 1, timeout=max(1, int(settings.REPLICA_CHECK_SECONDS))):
        try:
            return refresh()
        finally:
            cache.delete(_LOCK_KEY)
    # Another worker is measuring: go by the last state while it is recent.
    if shared is not None and age is not None and age < 3 * settings.REPLICA_CHECK_SECONDS:
        return shared
    return None


def mark_down(detail: str) -> None:
    previous = _shared()
    publish(
        ReplicaStatus(DOWN, None, detail, time.time(), previous.caught_up_at if previous else None)
    )


# --- Requests -----------------------------------------------------------------------------------


def _wrote_recently(request: HttpRequest) -> bool:
    value = request.COOKIES.get(COOKIE)
    if not value:
        return False
    try:
        signing.TimestampSigner(salt=_SALT).unsign(value, max_age=settings.READ_YOUR_WRITES_SECONDS)
    except signing.BadSignature:  # forged, or older than READ_YOUR_WRITES_SECONDS
        return False
    return True


def may_read_from_replica(request: HttpRequest, view: Callable[..., Any]) -> bool:
    """Whether this request's reads may go to the replica, the replica's state aside."""
    if request.method not in _SAFE_METHODS or _wrote_recently(request):
        return False
    if getattr(view, "__module__", "").startswith(_PRIMARY_MODULES):
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


class ReplicaMiddleware:
    """Decides per request whether reads go to the replica; sets the read-your-writes cookie;
    runs a view again on the primary when the replica fails under it. Installed last (see
    ``config.settings``): the session and the user are read from the primary before."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with request_route() as route:
            response = self.get_response(request)
        if route.wrote or request.method not in _SAFE_METHODS:
            response.set_cookie(
                COOKIE,
                signing.TimestampSigner(salt=_SALT).sign("1"),
                max_age=settings.READ_YOUR_WRITES_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_view(
        self,
        request: HttpRequest,
        view: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> None:
        route = current_route()
        if route is None or route.wrote or not may_read_from_replica(request, view):
            return None
        known = status()
        route.replica = known is not None and known.serves
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        route = current_route()
        if (
            route is None
            or not route.replica
            or route.wrote
            or not isinstance(exception, OperationalError | InterfaceError)
            or not connections[REPLICA].errors_occurred
        ):
            return None
        # Nothing was written (a write moves the request to the primary for good): the view
        # may run again, on the primary.
        route.replica = False
        replica = connections[REPLICA]
        if replica.connection is None or not replica.is_usable():
            logger.warning("Read replica unavailable, reading from the primary: %s", exception)
            mark_down(_reason(exception))
            _discard_replica_connection()
        else:  # a query cancelled on the replica (a conflict with recovery): this request only
            logger.info("Query on the read replica failed, again on the primary: %s", exception)
        match = request.resolver_match
        response = match.func(request, *match.args, **match.kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        return response
