"""The read replica across hosts (config/routers.py, config/replica.py, docs/replica.md): the
web hosts read anonymous pages from the replica host and fall back to the primary when it
stops; read-your-writes holds whichever web host HAProxy picks. Same cluster as
test_cluster.py; each test leaves the replica streaming and caught up."""

from __future__ import annotations

import http.client
import json
import re
import secrets
import threading
import time
from dataclasses import dataclass, field

import pytest

from tests.cluster.conftest import Visitor, topology

# One cluster for all of them; `make test` runs them after the others, in one process.
pytestmark = [pytest.mark.slow, pytest.mark.cluster]

WEB = topology.ROLES["web"]


def _report(request: pytest.FixtureRequest, capsys: pytest.CaptureFixture, line: str) -> None:
    with capsys.disabled():
        print(f"\n[cluster] {line}")
    request.node.user_properties.append(("cluster", line))


def _replica_health(cluster: topology.Cluster, host: str) -> str:
    """The ``Replica`` entry of ``host``'s /health/, asked directly (not through HAProxy)."""
    status, body, _ = topology.http_get(
        cluster.web_url(host) + "/health/?format=json", host="localhost", timeout=10
    )
    assert status == 200, (host, status, body[:500])
    return next(value for key, value in json.loads(body).items() if key.startswith("Replica"))


@dataclass
class Answer:
    started: float
    ended: float
    status: int  # 0: no answer
    host: str


@dataclass
class AnonymousLoad:
    """Anonymous visitors through HAProxy, each request a page not in the page cache (a query
    string of its own), so every one is rendered from a database."""

    base: str
    users: int = 3
    answers: list[Answer] = field(default_factory=list)
    running: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def _loop(self, user: int) -> None:
        visitor = Visitor(self.base)
        paths = ("/knowledge/", "/alliance/profiles/")
        n = 0
        while self.running.is_set():
            path = f"{paths[n % len(paths)]}?visit={user}-{n}-{secrets.token_hex(3)}"
            started = time.monotonic()
            try:
                status, _, headers = visitor.request(path, timeout=30)
                host = headers.get("X-Served-By", "")
            except (OSError, http.client.HTTPException):
                status, host = 0, ""
            with self.lock:
                self.answers.append(Answer(started, time.monotonic(), status, host))
            n += 1

    def __enter__(self) -> AnonymousLoad:
        self.running.set()
        self.threads = [threading.Thread(target=self._loop, args=(u,)) for u in range(self.users)]
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.running.clear()
        for thread in self.threads:
            thread.join(timeout=40)


def test_pages_keep_working_from_the_primary_when_the_replica_host_stops(portal, request, capsys):
    cluster = portal.whole()
    cluster.replica_caught_up()
    assert {host: _replica_health(cluster, host) for host in WEB} == dict.fromkeys(WEB, "OK")

    down_at: dict[str, float] = {}
    with AnonymousLoad(cluster.proxy_url) as load:
        time.sleep(1)
        issued = time.monotonic()
        cluster.stop_replica()
        stopped = time.monotonic()
        try:
            while len(down_at) < len(WEB) and time.monotonic() - stopped < 15:
                for host in WEB:
                    if host not in down_at and _replica_health(cluster, host).startswith(
                        "Warning: down"
                    ):
                        down_at[host] = time.monotonic() - stopped
                time.sleep(0.1)
            time.sleep(max(0.0, stopped + 3 - time.monotonic()))
        finally:
            load.running.clear()
    try:
        said_down = {host: _replica_health(cluster, host) for host in WEB}
    finally:
        cluster.start_replica()
    started_again = time.monotonic()
    topology.wait_for(
        lambda: all(_replica_health(cluster, host) == "OK" for host in WEB),
        timeout=20,
        what="every web host to report the replica up",
    )
    up_after = time.monotonic() - started_again
    cluster.replica_caught_up()

    answers = load.answers
    after = [a for a in answers if a.started >= stopped]
    failed = [a for a in answers if a.status != 200]
    straddling = [a for a in answers if a.started < stopped <= a.ended]
    first_answer = min((a.ended for a in answers if a.ended >= stopped), default=float("inf"))
    first_served = min((a.ended for a in after if a.status == 200), default=float("inf"))
    _report(
        request,
        capsys,
        f"replica host stopped (pg_ctl stop -m fast, {stopped - issued:.2f}s) under "
        f"{load.users} anonymous visitors through HAProxy: {len(answers)} requests "
        f"({len(after)} after the stop), {len(failed)} failed; first answer "
        f"{first_answer - stopped:.2f}s after the stop, first to a request made after it "
        f"{first_served - stopped:.2f}s; the {len(straddling)} in flight at the stop took up to "
        f"{max((a.ended - a.started for a in straddling), default=0):.2f}s; every web host "
        f"reported the "
        f"replica down after {max(down_at.values(), default=float('inf')):.2f}s "
        f"({', '.join(f'{h} {s:.2f}s' for h, s in sorted(down_at.items()))}); slowest request "
        f"after the stop {max((a.ended - a.started for a in after), default=0):.2f}s; reported "
        f"up {up_after:.2f}s after it started again",
    )
    assert not failed, failed
    assert after and {a.host for a in after} == set(WEB)
    assert set(down_at) == set(WEB)
    for host, said in said_down.items():
        assert said.startswith("Warning: down (connection refused)"), (host, said)
        assert said.endswith("reads go to the primary"), (host, said)


def _thread_replies(page: str) -> list[str]:
    return re.findall(r"Paused replay reply [0-9a-f]{6}", page)


def test_a_writer_reads_their_write_on_either_web_host_while_replay_is_paused(
    portal, request, capsys
):
    cluster = portal.whole()
    thread = f"/help/thread/{portal.reply_token}/"
    asker, other = Visitor(cluster.proxy_url), Visitor(cluster.proxy_url)
    token = asker.csrf_token(thread)
    status, page, _ = other.request(thread)
    assert status == 200
    before = _thread_replies(page)
    reply = f"Paused replay reply {secrets.token_hex(3)}"

    cluster.replica_caught_up()
    # Measured now by each web host, caught up: the lag counts from here.
    assert {host: _replica_health(cluster, host) for host in WEB} == dict.fromkeys(WEB, "OK")
    cluster.pause_replay()
    paused = time.monotonic()
    try:
        # The anonymous asker replies through HAProxy: written on the primary.
        status, page, headers = asker.request(thread, {"body": reply, "csrfmiddlewaretoken": token})
        assert status == 302, page[:1000]
        wrote_on = headers["X-Served-By"]
        written = time.monotonic()
        assert asker.cookie("read_primary"), "no read-your-writes cookie after the reply"

        # Their next requests land on either web host (HAProxy's round robin) and read the
        # primary: the signed cookie says they wrote a moment ago.
        asker_hosts = []
        for _ in range(4):
            status, page, headers = asker.request(thread)
            assert status == 200 and reply in _thread_replies(page), headers["X-Served-By"]
            asker_hosts.append(headers["X-Served-By"])
        # Another anonymous visitor reads the same page (never cached: it holds a form) from
        # the replica, which has not replayed the reply.
        other_hosts = []
        for _ in range(2):
            status, page, headers = other.request(thread)
            assert status == 200 and _thread_replies(page) == before, headers["X-Served-By"]
            other_hosts.append(headers["X-Served-By"])
        checked = time.monotonic() - written
        # Within the lag limit and the cookie's life, or the checks above prove nothing.
        assert time.monotonic() - paused < min(
            topology.REPLICA_MAX_LAG_SECONDS, topology.READ_YOUR_WRITES_SECONDS
        )
    finally:
        cluster.resume_replay()
    resumed = time.monotonic()
    replayed = cluster.replica_caught_up()
    status, page, headers = other.request(thread)
    assert status == 200 and reply in _thread_replies(page)
    _report(
        request,
        capsys,
        f"replay paused: an anonymous asker's reply written through HAProxy on {wrote_on} read "
        f"back on {' '.join(asker_hosts)} (read_primary cookie, {checked:.2f}s of checks); "
        f"another visitor read the replica's old page on {' '.join(other_hosts)}, and the "
        f"reply {time.monotonic() - resumed:.2f}s after replay resumed (replayed in "
        f"{replayed * 1000:.0f} ms)",
    )
    assert set(asker_hosts) == set(WEB), asker_hosts
