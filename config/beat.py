"""Celery beat that stays single: a lock in Redis makes a second beat harmless.

Beat is meant to run once per deployment. Should two run (a second host started by mistake, an
old one that came back after a failover), each would send every periodic task, and digests,
reminders and releases would be dispatched twice as often. ``SingleBeatScheduler`` is
django-celery-beat's ``DatabaseScheduler`` that sends only while it holds a lock in Redis: the
key ``<prefix>:beat:lock`` set with ``NX`` and a time to live of ``BEAT_LOCK_SECONDS``,
renewed on every tick (at least three times per time to live). A beat that does not hold it
stands by, asking again every few seconds; when the holder stops it lets the lock go at once,
and when it dies the lock expires, so the one standing by takes over within
``BEAT_LOCK_SECONDS`` and a tick. It then reads from the database when each task last ran,
which the holder records after every task it sends (``CELERY_BEAT_SYNC_EVERY = 1``): the
schedule goes on where the other left it.

Without ``REDIS_URL`` (development: tasks run eagerly, no beat) there is no lock.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from typing import Any

import redis
from django.conf import settings
from django_celery_beat.schedulers import DatabaseScheduler
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Compare-and-act, so a beat never renews or deletes a lock another beat holds now.
_RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then
    return redis.call('pexpire', KEYS[1], ARGV[2])
end
return 0
"""
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
    return redis.call('del', KEYS[1])
end
return 0
"""


class BeatLock:
    """A lock in Redis with a time to live, held by one process at a time."""

    def __init__(self, url: str, *, key: str, seconds: int) -> None:
        self.client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self.key = key
        self.seconds = seconds
        self.token = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex}"
        self._renew = self.client.register_script(_RENEW)
        self._release = self.client.register_script(_RELEASE)

    def hold(self) -> bool:
        """Take the lock or renew it; False when another process holds it or Redis is out of
        reach (a beat that cannot reach Redis cannot send anything either)."""
        milliseconds = self.seconds * 1000
        try:
            if self.client.set(self.key, self.token, nx=True, px=milliseconds):
                return True
            return bool(self._renew(keys=[self.key], args=[self.token, milliseconds]))
        except RedisError as exc:
            logger.warning("Beat lock: Redis unavailable (%s); not sending", exc)
            return False

    def release(self) -> None:
        try:
            self._release(keys=[self.key], args=[self.token])
        except RedisError as exc:  # it expires on its own
            logger.warning("Beat lock: could not release (%s)", exc)


def lock_from_settings() -> BeatLock | None:
    if not settings.REDIS_URL:
        return None
    return BeatLock(
        settings.REDIS_URL,
        key=f"{settings.BEAT_LOCK_PREFIX}:beat:lock",
        seconds=settings.BEAT_LOCK_SECONDS,
    )


class SingleBeatScheduler(DatabaseScheduler):
    """``DatabaseScheduler`` that sends periodic tasks only while it holds the beat lock."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.lock = lock_from_settings()
        self.holding = False
        super().__init__(*args, **kwargs)

    def tick(self, *args: Any, **kwargs: Any) -> float:
        if self.lock is None:
            return super().tick(*args, **kwargs)
        # Renew well within the time to live; ask again as often while standing by.
        every = max(self.lock.seconds / 3, 0.5)
        if not self.lock.hold():
            if self.holding:
                logger.warning("Beat lock lost: standing by")
            self.holding = False
            return every
        if not self.holding:
            logger.info("Beat lock taken: sending periodic tasks")
            self.holding = True
            # What the previous holder sent is in the database, not in this process's copy.
            self._initial_read = True
            self._heap = None
        return min(super().tick(*args, **kwargs), every)

    def close(self) -> None:
        super().close()
        if self.lock is not None and self.holding:
            self.lock.release()
            self.holding = False
