"""Two real `celery beat` processes on the same Redis: one sends, the other stands by and takes
over when the first dies (config/beat.py)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from django.conf import settings

from config.celery import app as celery_app
from tests.integration.conftest import service_env, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
DISPATCH = "notifications.tasks.dispatch_due"
EVERY = 5  # OUTBOX_DISPATCH_SECONDS' minimum
LOCK_SECONDS = 4


def _start_beat(env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "beat", "--loglevel=INFO"],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )


def _sent(client: redis.Redis) -> list[tuple[str, int]]:
    """(task, pid of the beat that sent it) of every message waiting in the default queue."""
    found = []
    for raw in client.lrange("celery", 0, -1):
        headers = json.loads(raw)["headers"]
        # Celery names the sending process "gen<pid>@<host>".
        found.append((headers["task"], int(headers["origin"].split("@")[0].removeprefix("gen"))))
    return found


@pytest.fixture
def beats(tmp_path) -> Iterator[tuple[dict[str, str], list[subprocess.Popen]]]:
    env = {
        **service_env(redis_url=settings.CELERY_BROKER_URL, smtp_port=1),
        "OUTBOX_DISPATCH_SECONDS": str(EVERY),
        "BEAT_LOCK_SECONDS": str(LOCK_SECONDS),
        # This run's own lock, whatever else shares the Redis server.
        "CACHE_KEY_PREFIX": f"beat-test-{os.getpid()}",
    }
    started: list[subprocess.Popen] = []
    celery_app.control.purge()
    try:
        yield env, started
    finally:
        for process in started:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
        celery_app.control.purge()


def test_a_second_beat_sends_nothing_until_the_first_dies(beats, tmp_path) -> None:
    env, started = beats
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)

    first = _start_beat(env, tmp_path / "first.log")
    started.append(first)
    wait_for(
        lambda: any(task == DISPATCH for task, _pid in _sent(client)),
        timeout=60,
        what="the first beat to send the outbox dispatcher",
    )
    second = _start_beat(env, tmp_path / "second.log")
    started.append(second)

    # Both run for several slots: only the first sends, once per slot.
    watch = time.monotonic()
    time.sleep(4 * EVERY)
    elapsed = time.monotonic() - watch
    sent = _sent(client)
    assert second.poll() is None, (tmp_path / "second.log").read_text()
    assert {pid for _task, pid in sent} == {first.pid}, sent
    dispatches = [pid for task, pid in sent if task == DISPATCH]
    # From the first send before the watch began to its end: one per slot at most.
    assert len(dispatches) <= 1 + elapsed / EVERY + 1, dispatches

    # The first dies without letting the lock go: the second takes over once it expires.
    first.send_signal(signal.SIGKILL)
    first.wait()
    killed = time.monotonic()
    wait_for(
        lambda: any(pid == second.pid for _task, pid in _sent(client)),
        timeout=60,
        what="the second beat to take over",
    )
    took = time.monotonic() - killed
    # The lock's time to live, a tick of the one standing by, and the next dispatch slot.
    assert took <= LOCK_SECONDS + LOCK_SECONDS / 3 + EVERY + 2, took
    log = (tmp_path / "second.log").read_text()
    assert "Beat lock taken" in log, log


def test_a_beat_that_stops_lets_the_lock_go_at_once(beats, tmp_path) -> None:
    env, started = beats
    env = {**env, "BEAT_LOCK_SECONDS": "60"}
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    key = f"{env['CACHE_KEY_PREFIX']}:beat:lock"

    first = _start_beat(env, tmp_path / "first.log")
    started.append(first)
    wait_for(lambda: client.exists(key), timeout=60, what="the first beat to take the lock")
    first.terminate()
    first.wait(timeout=30)
    assert not client.exists(key), "a beat that stops must release the lock"
