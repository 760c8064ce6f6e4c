"""Which database a query goes to when a read replica is configured (``DATABASE_REPLICA_URL``).

Only a request that ``config.replica.ReplicaMiddleware`` let onto the replica reads from it
(an anonymous visitor's public page or the public API, while the replica is up and close
behind). Everything else goes to the primary: writes, signed-in visitors, the admin, Celery
tasks, the shell and management commands (outside a request nothing is let onto the replica).
Within a replica request, reads come back to the primary

- inside ``transaction.atomic`` on the primary (what a transaction reads, it reads where it
  writes), and
- for the rest of the request once anything was written (the request reads its own writes).

Migrations run on the primary only; the replica receives them through replication.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
_ALIASES = {DEFAULT_DB_ALIAS, REPLICA}


@dataclass
class RequestRoute:
    """What one request may read from; set by the middleware, cleared when the request ends."""

    replica: bool = False
    wrote: bool = False


_route: ContextVar[RequestRoute | None] = ContextVar("replica_route", default=None)


@contextmanager
def request_route() -> Iterator[RequestRoute]:
    """The scope of one request: reads go to the primary until ``route.replica`` is set."""
    route = RequestRoute()
    token = _route.set(route)
    try:
        yield route
    finally:
        _route.reset(token)


def current_route() -> RequestRoute | None:
    return _route.get()


def reads_from_replica() -> bool:
    route = _route.get()
    if route is None or not route.replica:
        return False
    # In a transaction on the primary, reads see its uncommitted writes and hold its locks.
    return not connections[DEFAULT_DB_ALIAS].in_atomic_block


def _on_replica(hints: dict[str, Any]) -> bool:
    instance = hints.get("instance")
    return instance is not None and getattr(instance._state, "db", None) == REPLICA


class ReplicaRouter:
    """Reads to the replica inside a replica request; writes always to the primary.

    Returns None where it has no opinion, so other routers (the tests' SQLite engine) and
    Django's own fallback keep working.
    """

    def db_for_read(self, model: type, **hints: Any) -> str | None:
        if reads_from_replica():
            return REPLICA
        # An object read from the replica earlier in this request: its relations are read
        # from the primary too once the request has left the replica.
        return DEFAULT_DB_ALIAS if _on_replica(hints) else None

    def db_for_write(self, model: type, **hints: Any) -> str | None:
        route = _route.get()
        if route is not None:
            # From now on the request reads what it wrote.
            route.wrote = True
            route.replica = False
        # Django would write an object where it was read: never to the replica.
        return DEFAULT_DB_ALIAS if _on_replica(hints) else None

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The replica is a copy of the primary: rows of either may be related.
        if {obj1._state.db, obj2._state.db} <= _ALIASES:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db == REPLICA else None
