"""A Redis cache that degrades instead of failing.

When Redis is unreachable, reads miss, writes are dropped, ``add`` reports success and
counters read as zero, after a two-second socket timeout at most: pages keep working
(sessions fall back to the database; rate limits fail open for the outage) instead of
answering 500 or hanging. Errors are logged.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
_QUIET_SECONDS = 30


class ResilientRedisCache(RedisCache):
    _last_logged = 0.0
    # When the last operation failed (time.monotonic()); the page cache steps aside for a
    # while after a failure instead of paying a timeout on every request.
    last_failure = 0.0

    def _failed(self, operation: str, exc: Exception) -> None:
        now = time.monotonic()
        ResilientRedisCache.last_failure = now
        if now - ResilientRedisCache._last_logged > _QUIET_SECONDS:
            ResilientRedisCache._last_logged = now
            logger.error("Cache unavailable (%s): %s", operation, exc)

    def _safe(self, operation: str, default: Any, call: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return call(*args, **kwargs)
        except (RedisError, OSError) as exc:
            self._failed(operation, exc)
            return default

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
        return self._safe("set", None, super().set, key, value, timeout, version)

    def set_many(self, data, timeout=None, version=None):
        return self._safe("set_many", list(data), super().set_many, data, timeout, version)

    def touch(self, key, timeout=None, version=None):
        return self._safe("touch", False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._safe("delete", False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        return self._safe("delete_many", None, super().delete_many, keys, version)

    def incr(self, key, delta=1, version=None):
        return self._safe("incr", delta, super().incr, key, delta, version)

    def clear(self):
        return self._safe("clear", None, super().clear)
