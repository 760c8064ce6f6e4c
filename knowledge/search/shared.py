"""What a search reads from the shared cache, read once per search.

A search asks for the synonym groups, the facet tree and the facet labels many times (each
engine's query builder expands the synonyms several times over): every ask is a round trip to
the shared cache and an unpickling (``pagecache.remember``). Within ``one_search()`` each key is
read once and the value reused until the search returns; outside it, every ask goes to the cache
as before. A change made while a search runs is seen by the next search, as a page rendered
meanwhile would be.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

import pagecache

T = TypeVar("T")

_READ: ContextVar[dict[str, Any] | None] = ContextVar("knowledge_search_read", default=None)


@contextmanager
def one_search() -> Iterator[None]:
    """Read each shared value once in this block (nested blocks share the outer one's)."""
    if _READ.get() is not None:
        yield
        return
    token = _READ.set({})
    try:
        yield
    finally:
        _READ.reset(token)


def remember(key: str, areas: Iterable[str], compute: Callable[[], T]) -> T:
    """``pagecache.remember``, once per key within ``one_search()``."""
    read = _READ.get()
    if read is None:
        return pagecache.remember(key, areas, compute)
    if key not in read:
        read[key] = pagecache.remember(key, areas, compute)
    return read[key]
