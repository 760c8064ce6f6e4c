"""The lock that keeps Celery beat single (config/beat.py), on the real Redis."""

from __future__ import annotations

import os
import time
import uuid

import pytest
from django.conf import settings

from config.beat import BeatLock


@pytest.fixture
def key():
    name = f"beat-lock-test-{os.getpid()}-{uuid.uuid4().hex}"
    yield name
    BeatLock(settings.REDIS_URL, key=name, seconds=3).client.delete(name)


def test_one_holder_at_a_time(key):
    first = BeatLock(settings.REDIS_URL, key=key, seconds=30)
    second = BeatLock(settings.REDIS_URL, key=key, seconds=30)

    assert first.hold()
    assert first.hold()  # renewing
    assert not second.hold()
    second.release()  # not its lock: nothing happens
    assert not second.hold()

    first.release()
    assert second.hold()
    assert not first.hold()


def test_renewing_pushes_the_expiry_back(key):
    lock = BeatLock(settings.REDIS_URL, key=key, seconds=3)
    assert lock.hold()
    lock.client.pexpire(key, 100)
    assert lock.hold()
    assert lock.client.pttl(key) > 2000


def test_a_dead_holders_lock_expires_and_another_takes_it(key):
    dead = BeatLock(settings.REDIS_URL, key=key, seconds=3)
    other = BeatLock(settings.REDIS_URL, key=key, seconds=3)
    assert dead.hold()
    dead.client.pexpire(key, 200)  # as if its time to live ran out

    time.sleep(0.4)
    assert other.hold()
    assert not dead.hold()


def test_without_redis_nobody_holds_it(key):
    unreachable = BeatLock("redis://127.0.0.1:1/0", key=key, seconds=3)

    assert not unreachable.hold()
