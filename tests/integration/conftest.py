"""Real parts for integration tests: a Celery worker process on Redis and an SMTP server on
loopback that keeps what it receives."""

from __future__ import annotations

import asyncio
import email
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from email.message import Message
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app
from config.celery_worker import start_worker

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate: Callable[[], bool], *, timeout: float = 30, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.1)


def gunicorn(
    env: dict[str, str],
    port: int,
    *,
    production: bool = False,
    args: tuple[str, ...] = (),
    stderr: int = subprocess.DEVNULL,
) -> subprocess.Popen:
    """The portal served by gunicorn on ``port`` (not yet answering): two workers, or with
    ``production`` the settings of ``config/gunicorn.py`` (its workers and threads from ``env``,
    shedding, the master's warm-up)."""
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application"]
    command += ["-c", "config/gunicorn.py"] if production else ["--workers=2", "--timeout=60"]
    command += [f"--bind=127.0.0.1:{port}", *args]
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr, text=True
    )


def serves(url: str) -> bool:
    """Whether something answers ``url`` over HTTP, whatever its status."""
    try:
        urllib.request.urlopen(url, timeout=2)
    except urllib.error.HTTPError:
        return True  # an answer all the same
    except OSError:
        return False
    return True


def service_env(*, redis_url: str, smtp_port: int) -> dict[str, str]:
    """The environment for a portal process (worker, server) started by a test: the test
    database, the given Redis, the SMTP sink, tasks through the broker."""
    db = connection.settings_dict
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "REDIS_URL": redis_url,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "VAR_DIR": str(ROOT / "var"),
    }


class SmtpSink:
    """An aiosmtpd handler that keeps every message it accepts, after ``delay`` seconds each
    (a relay's own pace; 0 by default)."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.recipients: list[str] = []
        self.delay = 0.0

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        self.messages.append(email.message_from_bytes(envelope.content))
        self.recipients.extend(envelope.rcpt_tos)
        return "250 Message accepted"


@pytest.fixture(autouse=True)
def _reference_data(reference_data) -> None:
    """Worker tests run on a transactional database that is flushed afterwards; reload the
    vocabularies the migrations loaded (see tests/conftest.py)."""


@pytest.fixture
def smtp_sink() -> Iterator[tuple[SmtpSink, int]]:
    sink = SmtpSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield sink, port
    finally:
        controller.stop()


@pytest.fixture
def celery_worker_process(transactional_db, smtp_sink) -> Iterator[SmtpSink]:
    """A real `celery worker` on the test database, the broker and the SMTP sink.

    The test process stops running tasks eagerly for the duration, so `.delay()` goes through
    Redis to the worker, as in production.
    """
    sink, port = smtp_sink
    env = service_env(redis_url=settings.CELERY_BROKER_URL, smtp_port=port)
    celery_app.conf.task_always_eager = False
    celery_app.control.purge()
    worker = start_worker(env=env, output=subprocess.PIPE)
    try:
        yield sink
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
        celery_app.conf.task_always_eager = True
