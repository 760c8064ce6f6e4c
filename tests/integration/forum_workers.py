"""Celery workers that a test can kill: the prefork pool in its own process group, so SIGKILL
takes the main process and every pool child at once, as a crashed machine would."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from django.conf import settings

from config.celery import app as celery_app
from config.celery_worker import start_worker
from tests.integration.conftest import SmtpSink, service_env


@dataclass
class Workers:
    env: dict[str, str]
    sink: SmtpSink
    running: list[subprocess.Popen] = field(default_factory=list)

    def start(self) -> subprocess.Popen:
        worker = start_worker(
            env=self.env, pool="prefork", concurrency=2, heartbeat=False, own_session=True
        )
        self.running.append(worker)
        return worker

    def kill(self, worker: subprocess.Popen) -> None:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=20)
        self.running.remove(worker)

    def stop_all(self) -> None:
        for worker in list(self.running):
            try:
                os.killpg(worker.pid, signal.SIGTERM)
                worker.wait(timeout=20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait(timeout=20)
            self.running.remove(worker)


@pytest.fixture
def killable_workers(transactional_db, smtp_sink) -> Iterator[Workers]:
    """Start and SIGKILL real prefork workers on the test database, Redis and the SMTP sink.

    Like ``celery_worker_process``, the test process stops running tasks eagerly meanwhile, so
    ``.delay()`` goes through Redis.
    """
    sink, port = smtp_sink
    env = service_env(redis_url=settings.CELERY_BROKER_URL, smtp_port=port)
    celery_app.conf.task_always_eager = False
    celery_app.control.purge()
    workers = Workers(env=env, sink=sink)
    try:
        yield workers
    finally:
        workers.stop_all()
        celery_app.control.purge()
        celery_app.conf.task_always_eager = True
