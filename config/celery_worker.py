"""Start the portal's Celery worker as a child process, for the tests and the benchmark.

Both need a real ``celery worker`` on the broker, started the same way and ready only once it
answers a ping; production starts its workers from the process manager instead.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import IO

from config.celery import app

ROOT = Path(__file__).resolve().parents[1]


def start_worker(
    *,
    env: dict[str, str],
    pool: str = "solo",
    concurrency: int | None = None,
    heartbeat: bool = True,
    output: int | IO[str] | None = subprocess.DEVNULL,
    own_session: bool = False,
    answer_ping: bool = True,
    timeout: float = 60,
) -> subprocess.Popen:
    """Start ``celery -A config worker`` with ``env`` and return it once it answers a ping on
    this process's broker (at once with ``answer_ping=False``, for a worker on another broker).

    ``own_session`` puts the worker and its pool children in their own process group, so one
    ``os.killpg`` reaches them all. A worker that dies at start raises, with what it printed
    when ``output`` is ``subprocess.PIPE``.
    """
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", f"--pool={pool}"]
    if concurrency is not None:
        command.append(f"--concurrency={concurrency}")
    command += ["--without-gossip", "--without-mingle", "--loglevel=WARNING"]
    if not heartbeat:
        command.append("--without-heartbeat")
    worker = subprocess.Popen(  # noqa: S603 -- a fixed command on this interpreter
        command,
        cwd=ROOT,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=own_session,
    )
    if not answer_ping:
        return worker
    deadline = time.monotonic() + timeout
    while worker.poll() is None and not app.control.ping(timeout=0.5):
        if time.monotonic() > deadline:
            worker.kill()
            raise TimeoutError(
                f"the worker did not answer a ping in {timeout}s:\n{_printed(worker)}"
            )
        time.sleep(0.1)
    if worker.poll() is not None:
        raise RuntimeError(f"the worker died at start:\n{_printed(worker)}")
    return worker


def _printed(worker: subprocess.Popen) -> str:
    output = worker.communicate()[0]
    return output or ""
