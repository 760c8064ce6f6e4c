"""PostgreSQL restarts while the portal serves pages: requests during the outage get a 503 page
at once (not a hang, not a bare 500), and once PostgreSQL is back every request succeeds
within seconds, without restarting the portal (CONN_HEALTH_CHECKS replaces the dead
connections).

The shared PostgreSQL server is never touched: the test makes a throwaway cluster of its own
(tests/integration/postgres.py), migrates it, serves the portal from it with gunicorn, and
stops and starts it.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest
from django.conf import settings

from tests.integration.conftest import ROOT, free_port, gunicorn, service_env, wait_for
from tests.integration.postgres import PrivateCluster, postgres_bin

pytestmark = [pytest.mark.slow, pytest.mark.serial, pytest.mark.django_db(transaction=True)]

PATHS = ("/alliance/profiles/", "/knowledge/")
OUTAGE_SECONDS = 3
# Generous bounds for behaviour, not speed: a hang would take the client's whole timeout.
FAIL_FAST_SECONDS = 5
RECOVERY_SECONDS = 10
CLIENT_TIMEOUT = 20


@pytest.fixture
def private_postgres() -> Iterator[PrivateCluster]:
    bin_dir = postgres_bin()
    if bin_dir is None:
        pytest.skip("no PostgreSQL server binaries under /usr/lib/postgresql/*/bin")
    cluster = PrivateCluster(bin_dir)
    try:
        cluster.init()
        cluster.start()
        with psycopg.connect(cluster.url("postgres"), autocommit=True) as conn:
            conn.execute("CREATE DATABASE portal")
        yield cluster
    finally:
        cluster.remove()


@dataclass
class Outcome:
    started: float
    seconds: float
    status: int  # 0: no answer at all (refused, reset, timed out)
    body: str


class Traffic:
    """Two clients asking for pages in turn, without pause, until stopped (or a bound)."""

    def __init__(self, base: str, *, clients: int = 2, max_requests: int = 20000) -> None:
        self.base = base
        self.outcomes: list[Outcome] = []
        self.lock = threading.Lock()
        self.running = threading.Event()
        self.max_requests = max_requests
        self.threads = [threading.Thread(target=self._loop, args=(i,)) for i in range(clients)]

    def _one(self, path: str) -> Outcome:
        started = time.monotonic()
        try:
            with urllib.request.urlopen(self.base + path, timeout=CLIENT_TIMEOUT) as response:
                status, body = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read().decode()
            retry = error.headers.get("Retry-After")
            body = f"Retry-After: {retry}\n{body}"
        except OSError:
            status, body = 0, ""
        return Outcome(started, time.monotonic() - started, status, body)

    def _loop(self, offset: int) -> None:
        deadline = time.monotonic() + 300
        n = offset
        while self.running.is_set() and time.monotonic() < deadline:
            outcome = self._one(PATHS[n % len(PATHS)])
            time.sleep(0.005)  # a steady stream, not a flood that runs out of max_requests early
            n += 1
            with self.lock:
                self.outcomes.append(outcome)
                if len(self.outcomes) >= self.max_requests:
                    return

    def start(self) -> None:
        self.running.set()
        for thread in self.threads:
            thread.start()

    def stop(self) -> None:
        self.running.clear()
        for thread in self.threads:
            thread.join(timeout=CLIENT_TIMEOUT + 5)

    def between(self, start: float, end: float) -> list[Outcome]:
        with self.lock:
            return [o for o in self.outcomes if start <= o.started < end]


def test_the_portal_recovers_from_a_postgres_restart_by_itself(private_postgres, capsys):
    database_url = private_postgres.url("portal")
    env = {
        **service_env(redis_url=settings.REDIS_URL, smtp_port=free_port()),
        "DATABASE_URL": database_url,
        "CONN_MAX_AGE": "60",
        # Rendered pages, not the anonymous page cache (which would answer without PostgreSQL).
        "PAGE_CACHE_SECONDS": "0",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=600,
    )
    port = free_port()
    server = gunicorn(env, port)
    traffic = Traffic(f"http://127.0.0.1:{port}")
    try:
        probe = Traffic(f"http://127.0.0.1:{port}")
        wait_for(
            lambda: all(probe._one(path).status == 200 for path in PATHS),
            timeout=60,
            what="the portal to serve from the private cluster",
        )
        traffic.start()
        time.sleep(2)  # every worker holds a persistent connection by now

        stopped_at = time.monotonic()
        private_postgres.stop("fast")
        down_at = time.monotonic()
        time.sleep(OUTAGE_SECONDS)
        restarted_at = time.monotonic()
        private_postgres.start()
        back_at = time.monotonic()

        def recovered() -> bool:
            latest = traffic.between(back_at, time.monotonic())
            return len(latest) >= 10 and all(o.status == 200 for o in latest[-10:])

        wait_for(recovered, timeout=60, what="every request to succeed again")
        recovered_at = time.monotonic()
        time.sleep(3)
    finally:
        traffic.stop()
        server.terminate()
        server.wait(timeout=30)

    # Finished before the stop began: a request still in flight at that moment may meet the
    # stopping server and rightly get the 503 page.
    before = [o for o in traffic.between(0, stopped_at) if o.started + o.seconds < stopped_at]
    during = traffic.between(down_at, restarted_at)
    after = traffic.between(back_at, float("inf"))
    failed = [o for o in traffic.outcomes if o.status != 200]
    first_ok = next(o for o in after if o.status == 200)
    last_failure = max((o.started for o in after if o.status != 200), default=back_at)
    recovery = last_failure - back_at
    with capsys.disabled():
        print(
            f"\nPostgreSQL restart under traffic: {len(traffic.outcomes)} requests, "
            f"{len(failed)} failed ({len(during)} during the {OUTAGE_SECONDS}s outage, "
            f"statuses {sorted({o.status for o in failed})}); slowest failure "
            f"{max((o.seconds for o in failed), default=0):.2f}s; first success "
            f"{first_ok.started + first_ok.seconds - back_at:.2f}s after PostgreSQL was back; "
            f"every request succeeded from {recovery:.2f}s after"
        )

    assert before
    assert all(o.status == 200 for o in before), sorted({o.status for o in before})
    assert during, "no request was made while PostgreSQL was down"
    for outcome in during:
        assert outcome.status == 503, (outcome.status, outcome.body[:300])
        assert "Retry-After: 30" in outcome.body
        assert "briefly unavailable" in outcome.body
        assert outcome.seconds < FAIL_FAST_SECONDS
    assert all(o.status in (200, 503) for o in traffic.outcomes)
    assert recovery < RECOVERY_SECONDS
    settled = traffic.between(recovered_at, float("inf"))
    assert settled and all(o.status == 200 for o in settled)
