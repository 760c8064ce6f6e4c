"""A Redis cache that degrades instead of failing.

When Redis is unreachable, reads miss, writes are dropped, ``add`` reports success and
counters read as zero, after a two-second socket timeout at most: pages keep working
(sessions fall back to the database; rate limits fail open for the outage) instead of
answering 500 or hanging. Errors are logged.

A dropped write must not leave other hosts reading the value it should have replaced or
removed: the copy of a session that was signed out, a page cache generation that a change
should have moved on. So this process keeps the keys it failed to write or delete, and the
increments it failed to make, and replays them (deleting those keys, making those increments)
before its next operation once Redis answers again. Until then a host that still reaches Redis
may read the old value; a process that stops before Redis is back forgets its list
(docs/storage.md).
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
_QUIET_SECONDS = 30
# The most dropped writes kept for replay; in a longer outage the oldest are forgotten (their
# entries still expire: pages after PAGE_CACHE_SECONDS, sessions after their age).
_REPLAY_LIMIT = 10_000


class _DroppedWrites:
    """Dropped writes to replay, oldest first: ("delete", key, version, 0) or
    ("incr", key, version, delta)."""

    def __init__(self) -> None:
        self.writes: list[tuple[str, Any, Any, int]] = []
        self.lock = threading.Lock()
        self.replaying = threading.Lock()


_dropped_writes: dict[tuple[Any, ...], _DroppedWrites] = {}
_registry_lock = threading.Lock()


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's Redis client, keeping one ``redis.Redis`` per connection pool.

    Django builds a new ``redis.Redis`` for every cache operation; its constructor fills a
    table of some 170 response callbacks, which cost more processor time than the GET it then
    sends (0.07 against 0.05 ms). A ``redis.Redis`` holds no connection of its own (it takes
    one from the pool for each command) and may be shared between threads.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    _last_logged = 0.0
    # When the last operation failed (time.monotonic()); the page cache steps aside for a
    # while after a failure instead of paying a timeout on every request.
    last_failure = 0.0

    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        # Django makes one cache object per thread; the threads of a process share one list.
        with _registry_lock:
            found = _dropped_writes.setdefault(
                (tuple(self._servers), self.key_prefix), _DroppedWrites()
            )
        self._dropped = found.writes
        self._dropped_lock = found.lock
        self._replaying = found.replaying

    def _failed(self, operation: str, exc: Exception) -> None:
        now = time.monotonic()
        ResilientRedisCache.last_failure = now
        if now - ResilientRedisCache._last_logged > _QUIET_SECONDS:
            ResilientRedisCache._last_logged = now
            logger.error("Cache unavailable (%s): %s", operation, exc)

    def _replay(self) -> None:
        """Replay the dropped writes; raises while Redis is still out of reach. A thread that
        finds another replaying goes on without waiting (and without a second timeout)."""
        if not self._replaying.acquire(blocking=False):
            return
        try:
            while self._dropped:
                write = self._dropped[0]
                operation, key, version, delta = write
                try:
                    if operation == "incr":
                        RedisCache.incr(self, key, delta, version)
                    else:
                        RedisCache.delete(self, key, version)
                except ValueError:  # the counter expired since: nothing to move on
                    pass
                with self._dropped_lock:
                    if self._dropped and self._dropped[0] is write:
                        del self._dropped[0]
        finally:
            self._replaying.release()

    def _attempt(self, operation: str, call: Any, *args: Any) -> tuple[bool, Any]:
        try:
            if self._dropped:
                self._replay()
            return True, call(*args)
        except (RedisError, OSError) as exc:
            self._failed(operation, exc)
            return False, None

    def _safe(self, operation: str, default: Any, call: Any, *args: Any) -> Any:
        done, result = self._attempt(operation, call, *args)
        return result if done else default

    def _write(self, operation: str, default: Any, keys: list[Any], version: Any, call, *args):
        """A write that, dropped, deletes ``keys`` once Redis answers again."""
        done, result = self._attempt(operation, call, *args)
        if done:
            return result
        self._keep(("delete", key, version, 0) for key in keys)
        return default

    def _keep(self, writes: Any) -> None:
        with self._dropped_lock:
            self._dropped.extend(writes)
            del self._dropped[:-_REPLAY_LIMIT]

    def get(self, key, default=None, version=None):
        return self._safe("get", default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._safe("get_many", {}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._safe("has_key", False, super().has_key, key, version)

    def add(self, key, value, timeout=None, version=None):
        # True, as if stored: callers use add() as a lock (allauth's rate limits do), and a
        # lock that can never be taken would refuse every sign-in while Redis is down.
        return self._safe("add", True, super().add, key, value, timeout, version)

    def set(self, key, value, timeout=None, version=None):
        return self._write("set", None, [key], version, super().set, key, value, timeout, version)

    def set_many(self, data, timeout=None, version=None):
        keys = list(data)
        return self._write(
            "set_many", keys, keys, version, super().set_many, data, timeout, version
        )

    def touch(self, key, timeout=None, version=None):
        return self._safe("touch", False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._write("delete", False, [key], version, super().delete, key, version)

    def delete_many(self, keys, version=None):
        keys = list(keys)
        return self._write("delete_many", None, keys, version, super().delete_many, keys, version)

    def incr(self, key, delta=1, version=None):
        done, result = self._attempt("incr", super().incr, key, delta, version)
        if done:
            return result
        self._keep([("incr", key, version, delta)])
        return delta

    def clear(self):
        return self._safe("clear", None, super().clear)
