"""Running the search's SQLite engine in the test suite, beside PostgreSQL.

The test settings add a second database, ``sqlite`` (in memory, migrated like ``make run``'s),
and ``EngineRouter``: inside ``on_sqlite()`` every read and write of the ORM goes to it, so the
portal's own code (``demo.seed``, ``search.search``) runs there unchanged. Tests using it ask for
both databases: ``pytest.mark.django_db(databases=["default", "sqlite"])``.

While ``migrate`` runs for ``sqlite``, the router sends the ORM there too: the data migrations
(the taxonomy's vocabularies) write through the default manager.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db.models.signals import post_migrate, pre_migrate

SQLITE = "sqlite"
_alias: ContextVar[str | None] = ContextVar("knowledge_test_database", default=None)


class EngineRouter:
    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        return _alias.get()

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return _alias.get()


@contextmanager
def on_sqlite() -> Iterator[None]:
    token = _alias.set(SQLITE)
    try:
        yield
    finally:
        _alias.reset(token)


def _migrating(using: str = "default", **_kwargs: Any) -> None:
    if using == SQLITE:
        _alias.set(SQLITE)


def _migrated(using: str = "default", **_kwargs: Any) -> None:
    if using == SQLITE:
        _alias.set(None)


pre_migrate.connect(_migrating, dispatch_uid="knowledge-tests-sqlite-migrating")
post_migrate.connect(_migrated, dispatch_uid="knowledge-tests-sqlite-migrated")
