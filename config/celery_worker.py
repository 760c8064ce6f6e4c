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
    timeout: float = 60,
) -> subprocess.Popen:
    """Start ``celery -A config worker`` with ``env`` (which names its broker as ``REDIS_URL``)
    and return it once it answers a ping.

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
    deadline = time.monotonic() + timeout
    # The ping goes over the worker's own broker, which need not be this process's.
    with app.connection_for_write(env["REDIS_URL"]) as broker:
        while worker.poll() is None and not app.control.ping(timeout=0.5, connection=broker):
            if time.monotonic() > deadline:
                worker.kill()
                worker.wait()
                raise TimeoutError(f"the worker did not answer a ping in {timeout}s")
            time.sleep(0.1)
    if worker.poll() is not None:
        printed = worker.stdout.read() if worker.stdout else ""
        raise RuntimeError(f"the worker died at start:\n{printed}")
    return worker
