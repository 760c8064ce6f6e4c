"""Reads whose SQL the ORM writes once per process, then only bound to new values.

The ORM builds and compiles a query on every call: for the few annotated reads a signed-in
page makes on every request (who the viewer is in a body), that costs more processor time
(1.5 to 2.5 ms) than PostgreSQL takes to answer. The rule stays written once, as a queryset (a
member's ``active()`` dates, the secretariat group): ``PreparedRead`` builds it with stand-in
values, finds where they land among the statement's parameters, and from then on puts each
call's values in their place. On its first use for a database it also compiles the query with
the real values and compares: if the statement or any parameter differs (a value the backend
rewrites, a shape that depends on the value), that database keeps the plain ORM read for good.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, router
from django.db.models import Model, QuerySet

_FALLBACK = object()


class PreparedRead:
    """``build(**values)``: a ``values_list`` queryset of ``model`` whose statement has the
    same shape for every value (none of them ``None``); ``stand_ins``: one value per name, of
    the right type and found nowhere else in the statement. ``rows(**values)`` answers what
    ``list(build(**values))`` would, as plain tuples."""

    def __init__(
        self,
        model: type[Model],
        build: Callable[..., QuerySet[Any]],
        **stand_ins: Any,
    ) -> None:
        self.model = model
        self.build = build
        self.stand_ins = stand_ins
        self._compiled: dict[tuple[str, str], Any] = {}
        self._lock = threading.Lock()

    def rows(self, **values: Any) -> list[tuple[Any, ...]]:
        if set(values) != set(self.stand_ins) or any(v is None for v in values.values()):
            raise ValueError(f"PreparedRead needs exactly {sorted(self.stand_ins)}, none None")
        alias = router.db_for_read(self.model) or DEFAULT_DB_ALIAS
        connection = connections[alias]
        key = (alias, connection.vendor)
        compiled = self._compiled.get(key)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(key) or self._prepare(alias, values)
                self._compiled[key] = compiled
        if compiled is _FALLBACK:
            return [tuple(row) for row in self.build(**values).using(alias)]
        sql, slots = compiled
        params = [values[name] if name is not None else constant for name, constant in slots]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [tuple(row) for row in cursor.fetchall()]

    def _statement(self, alias: str, values: dict[str, Any]) -> tuple[str, tuple[Any, ...]]:
        queryset = self.build(**values).using(alias)
        return queryset.query.get_compiler(using=alias).as_sql()

    def _prepare(self, alias: str, values: dict[str, Any]) -> Any:
        sql, params = self._statement(alias, self.stand_ins)
        names = {_identity(v): name for name, v in self.stand_ins.items()}
        slots = [(names.get(_identity(p)), p) for p in params]
        if {name for name, _p in slots if name} != set(self.stand_ins):
            return _FALLBACK  # a stand-in did not reach the parameters as it was given
        real_sql, real_params = self._statement(alias, values)
        bound = [values[name] if name is not None else p for name, p in slots]
        if real_sql != sql or list(real_params) != bound:
            return _FALLBACK
        return sql, slots


def _identity(value: Any) -> tuple[type, Any] | None:
    try:
        hash(value)
    except TypeError:
        return None
    return (type(value), value)
