"""The portal on several hosts (scripts/cluster.py): HAProxy in front of two web hosts, two
worker hosts, beat, a PostgreSQL primary with a streaming replica, Redis and an SMTP sink, each
in its own network namespace. One cluster serves every test here (see conftest.py); each test
leaves it as it found it."""

from __future__ import annotations

import http.client
import os
import re
import signal
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import psycopg
import pytest
import redis
from django.utils import formats, timezone
from psycopg import sql

from notifications.models import OutgoingEmail, Status
from notifications.services import BATCH_SIZE
from tests.cluster.conftest import ORGANISATION, PRACTICE, VIRTUAL_USERS, Visitor, topology

# One cluster for all of them; `make test` runs them after the others, in one process.
pytestmark = [pytest.mark.slow, pytest.mark.cluster]


def _report(request: pytest.FixtureRequest, capsys: pytest.CaptureFixture, line: str) -> None:
    with capsys.disabled():
        print(f"\n[cluster] {line}")
    request.node.user_properties.append(("cluster", line))


def _sql(url: str, query: str | sql.Composable, params: tuple = ()) -> list[tuple]:
    with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
        cursor = conn.execute(query, params)
        return cursor.fetchall() if cursor.description else []


# --- The topology -----------------------------------------------------------------------------


def test_both_web_hosts_answer_through_haproxy_from_the_migrated_database(portal, request, capsys):
    cluster = portal.whole()
    visitor = Visitor(cluster.proxy_url)
    served = Counter()
    for _ in range(12):
        status, page, headers = visitor.request("/knowledge/")
        assert status == 200, page[:500]
        assert PRACTICE in page
        served[headers["X-Served-By"]] += 1
    assert set(served) == {"web1", "web2"}, served

    status, body, _ = visitor.request("/health/?format=json")
    assert status == 200, body
    assert cluster.backend_status() == {"web1": "UP", "web2": "UP"}
    # Plain HTTP is sent to HTTPS by HAProxy, not served.
    status, _, headers = Visitor(f"http://{cluster.ip('haproxy')}").request("/knowledge/")
    assert status == 301
    assert headers["Location"] == f"{cluster.proxy_url}/knowledge/"

    # The replica streams: the practice written on the primary is there.
    assert cluster.replica_lag() is not None
    rows = _sql(
        cluster.replica_url,
        "SELECT title FROM knowledge_practice WHERE source_id = %s",
        ("cluster-1",),
    )
    assert rows == [(PRACTICE,)]
    # …and it is read-only.
    with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
        _sql(cluster.replica_url, "DELETE FROM knowledge_practice")

    memory = cluster.memory_mb()
    assert all(memory.values()), memory
    _report(
        request,
        capsys,
        "resident memory per host (MB): "
        + ", ".join(f"{host} {mb:.0f}" for host, mb in memory.items()),
    )


# --- The cache is shared ----------------------------------------------------------------------


def _settled(cluster: topology.Cluster, *areas: str) -> float:
    """Wait until no page cache area of ``areas`` changed within PAGE_CACHE_SETTLE_SECONDS
    (pagecache: the mark of a recent change has expired); return the seconds waited."""
    client = redis.Redis.from_url(cluster.redis_url)
    try:
        return topology.wait_for(
            lambda: not any(client.keys(f"*:pagecache:changed:{area}") for area in areas),
            timeout=30,
            what=f"the page cache areas {areas} to settle",
        )
    finally:
        client.close()


def _released_on(page: str) -> str:
    return re.search(r"Released on (.+?), with privacy loss", page).group(1)


def test_a_change_made_on_one_web_host_shows_on_the_other_at_once(portal, request, capsys):
    cluster = portal.whole()
    host_a, host_b = Visitor(cluster.web_url("web1")), Visitor(cluster.web_url("web2"))
    anonymous_b = Visitor(cluster.web_url("web2"))
    # Anonymous pages read from the replica. For PAGE_CACHE_SETTLE_SECONDS after an area
    # changes no page of it is stored (a page rendered then may show the replica's old rows):
    # wait for the changes of the set-up to settle, so that host B's page is stored.
    settled = _settled(cluster, "alliance", "statistics")

    # Host B renders the directory and keeps it in the shared page cache.
    status, before, _ = anonymous_b.request("/alliance/profiles/")
    assert status == 200 and ORGANISATION not in before
    # A row changed behind the portal's back (no service, so no invalidation): host B goes on
    # serving the cached page, which shows that it is cached.
    _sql(
        cluster.primary_url,
        "UPDATE alliance_profile SET published = true WHERE organisation_id = "
        "(SELECT id FROM accounts_organisation WHERE slug = %s)",
        (portal.organisation_slug,),
    )
    cluster.replica_caught_up()  # the replica has the row too: only the page cache hides it
    status, cached, _ = anonymous_b.request("/alliance/profiles/")
    assert status == 200 and ORGANISATION not in cached
    _sql(
        cluster.primary_url,
        "UPDATE alliance_profile SET published = false WHERE organisation_id = "
        "(SELECT id FROM accounts_organisation WHERE slug = %s)",
        (portal.organisation_slug,),
    )

    # The organisation's admin publishes its profile on host A, straight to its address.
    host_a.sign_in("admin@cluster.example.org")
    edit = f"/alliance/organisations/{portal.organisation_slug}/profile/"
    token = host_a.csrf_token(edit)
    status, page, _ = host_a.request(
        edit + "publish/", {"published": "1", "csrfmiddlewaretoken": token}
    )
    assert status == 302, page[:1000]
    # Host B's next anonymous request, once the replica it reads from has replayed the change
    # (a writer's own next requests read from the primary: test_replica.py), shows it.
    replayed = [cluster.replica_caught_up()]
    status, after, _ = anonymous_b.request("/alliance/profiles/")
    assert status == 200 and ORGANISATION in after

    # The same session works on host B: sessions live in the shared database and cache.
    host_b.carry(host_a)
    status, page, _ = host_b.request(edit)
    assert status == 200 and "Sign out" in page

    # The released figures: host B shows the release of thirty days ago, from its cache even
    # when the row changes underneath; a release published on host A shows on B at once.
    status, page, _ = anonymous_b.request("/alliance/statistics/")
    assert status == 200
    old = _released_on(page)
    _sql(
        cluster.primary_url,
        "UPDATE releases_release SET released_at = released_at - interval '30 days'",
    )
    cluster.replica_caught_up()
    status, page, _ = anonymous_b.request("/alliance/statistics/")
    assert _released_on(page) == old
    cluster.manage("publish_statistics", host="web1")
    replayed.append(cluster.replica_caught_up())
    status, page, _ = anonymous_b.request("/alliance/statistics/")
    today = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    assert _released_on(page) == today != old
    _report(
        request,
        capsys,
        f"cache across hosts: profile and release published on web1 showed on web2's next "
        f"anonymous request, read from the replica once it replayed them (waited "
        f"{', '.join(f'{s * 1000:.0f}' for s in replayed)} ms; statistics released on {old}, "
        f"then {today}); {settled:.1f}s waited for the set-up's changes to settle",
    )


# --- A web host dies under load ---------------------------------------------------------------


@dataclass
class Outcome:
    user: int
    started: float
    ended: float
    status: int  # 0: no answer
    host: str
    signed_in: bool


@dataclass
class Load:
    visitors: list[Visitor]
    outcomes: list[Outcome] = field(default_factory=list)
    in_flight: dict[int, float] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    running: threading.Event = field(default_factory=threading.Event)

    def _loop(self, user: int) -> None:
        visitor = self.visitors[user]
        paths = ("/", "/knowledge/", "/alliance/")
        n = user
        while self.running.is_set():
            started = time.monotonic()
            with self.lock:
                self.in_flight[user] = started
            try:
                status, page, headers = visitor.request(paths[n % len(paths)], timeout=30)
                host = headers.get("X-Served-By", "")
            except (OSError, http.client.HTTPException):  # reset, cut short
                status, page, host = 0, "", ""
            ended = time.monotonic()
            with self.lock:
                del self.in_flight[user]
                self.outcomes.append(
                    Outcome(user, started, ended, status, host, "Sign out" in page)
                )
            n += 1

    def run(self) -> list[threading.Thread]:
        self.running.set()
        threads = [
            threading.Thread(target=self._loop, args=(u,)) for u in range(len(self.visitors))
        ]
        for thread in threads:
            thread.start()
        return threads


def test_a_web_host_killed_under_load_costs_only_the_requests_in_flight(portal, request, capsys):
    cluster = portal.whole()
    visitors = [Visitor(cluster.proxy_url) for _ in range(VIRTUAL_USERS)]
    signing_in = [
        threading.Thread(target=visitor.sign_in, args=(f"vu{n}@example.org",))
        for n, visitor in enumerate(visitors)
    ]
    for thread in signing_in:
        thread.start()
    for thread in signing_in:
        thread.join(timeout=120)
    sessions = [v.cookie("sessionid") for v in visitors]
    assert all(sessions), "a virtual user could not sign in"
    load = Load(visitors)
    threads = load.run()
    try:
        time.sleep(4)
        with load.lock:
            # Counted and killed while no request can start or end.
            in_flight = len(load.in_flight)
            killed_at = time.monotonic()
            os.killpg(cluster.processes["web1"].popen.pid, signal.SIGKILL)
        cluster.kill("web1")  # reaps it
        topology.wait_for(
            lambda: cluster.backend_status()["web1"] != "UP",
            timeout=20,
            what="HAProxy to take web1 out",
        )
        out_after = time.monotonic() - killed_at
        time.sleep(3)
    finally:
        load.running.clear()
        for thread in threads:
            thread.join(timeout=40)
    try:
        outcomes = load.outcomes
        failed = [o for o in outcomes if o.status != 200 or not o.signed_in]
        at_kill = [o for o in failed if o.started <= killed_at]
        after = [o for o in outcomes if o.started > killed_at]
        # Recovered: every virtual user has had a good answer to a request made after the kill.
        recovered = max(
            min(
                (o.ended for o in after if o.user == u and o.status == 200 and o.signed_in),
                default=float("inf"),
            )
            for u in range(VIRTUAL_USERS)
        )
        straddling = [o for o in outcomes if o.started <= killed_at < o.ended]
        _report(
            request,
            capsys,
            f"web1 SIGKILLed under {VIRTUAL_USERS} signed-in virtual users: {len(outcomes)} "
            f"requests, {len(failed)} failed (statuses {sorted({o.status for o in failed})}) of "
            f"{in_flight} in flight at the kill; slowest of those "
            f"{max((o.ended - o.started for o in straddling), default=0):.2f}s; every user "
            f"served again {recovered - killed_at:.2f}s after the kill; HAProxy marked web1 "
            f"DOWN after {out_after:.1f}s",
        )
        before = [o for o in outcomes if o.ended < killed_at]
        assert {o.host for o in before} == {"web1", "web2"}
        assert all(o.status == 200 and o.signed_in for o in before)
        assert len(failed) <= in_flight, failed
        assert failed == at_kill, "a request that started after the kill failed"
        assert after and all(o.host == "web2" for o in after if o.status == 200)
        # Every virtual user is still signed in with the session it had, on the other host.
        assert [v.cookie("sessionid") for v in visitors] == sessions
        for user in range(VIRTUAL_USERS):
            last = [o for o in after if o.user == user][-1]
            assert last.status == 200 and last.signed_in and last.host == "web2"
    finally:
        # Back for the next test, which waits for it only if it needs it (``portal.whole()``).
        cluster.start_web("web1")


# --- A worker host dies during a digest -------------------------------------------------------

MEMBERS = 2000

MEMBERS_FIXTURE = f"""
from datetime import timedelta
from django.utils import timezone
from accounts.models import User
from forum import models as forum
body = forum.Body.objects.create(name="Cluster coordination group",
                                 kind=forum.BodyKind.COORDINATION)
users = User.objects.bulk_create(
    User(email=f"focal{{n:04d}}@example.org", name=f"Focal person {{n}}")
    for n in range({MEMBERS}))
forum.Member.objects.bulk_create(
    forum.Member(body=body, user=user, constituency=forum.Constituency.FACILITATOR,
                 start_date=timezone.localdate() - timedelta(days=10)) for user in users)
forum.MemberPreferences.objects.bulk_create(
    forum.MemberPreferences(user=user, digest_frequency=forum.DigestFrequency.DAILY)
    for user in users)
now = timezone.now()
forum.Meeting.objects.create(body=body, title="Bimonthly meeting in Geneva",
    starts_at=now + timedelta(days=2), ends_at=now + timedelta(days=2, hours=2),
    time_zone="Europe/Zurich", place="Geneva")
"""


def _digests(cluster: topology.Cluster) -> list[dict]:
    return [m for m in topology.delivered(cluster) if m["rcpt"][0].startswith("focal")]


def test_a_worker_host_killed_during_a_digest_loses_no_member(portal, request, capsys):
    cluster = portal.whole()
    table = sql.Identifier(OutgoingEmail._meta.db_table)
    cluster.shell(MEMBERS_FIXTURE)
    app = cluster.celery()
    try:
        # As beat would queue it; whichever worker host takes it.
        app.send_task("forum.tasks.digests_enqueue")
        written = sql.SQL("SELECT count(*) FROM {} WHERE key LIKE 'forum.digest:%%'").format(table)
        topology.wait_for(
            lambda: _sql(cluster.primary_url, written)[0][0] >= MEMBERS,
            timeout=120,
            what="every digest to be written to the outbox",
        )
        topology.wait_for(
            lambda: len(_digests(cluster)) >= 150, timeout=60, what="the first digests"
        )
        cluster.kill("worker1")
        delivered_at_kill = len(_digests(cluster))
        sending = sql.SQL("SELECT id FROM {} WHERE status = %s").format(table)
        in_flight = {row[0] for row in _sql(cluster.primary_url, sending, (Status.SENDING,))}
        assert delivered_at_kill < MEMBERS, "the digest was sent before a worker could be killed"

        # worker2's batches settle once sent (a batch takes a few seconds); what stays claimed,
        # unchanged for longer than that, was worker1's.
        seen: dict[str, Any] = {"rows": in_flight, "since": time.monotonic()}

        def settled() -> bool:
            rows = _sql(cluster.primary_url, sending, (Status.SENDING,))
            now = {row[0] for row in rows} & in_flight
            if now != seen["rows"]:
                seen.update(rows=now, since=time.monotonic())
            return time.monotonic() - seen["since"] > 8

        topology.wait_for(settled, timeout=90, what="worker2's batches to settle")
        stranded = seen["rows"]
        # Fifteen minutes later (STALLED_AFTER) beat's dispatcher puts them back in the queue.
        _sql(
            cluster.primary_url,
            sql.SQL(
                "UPDATE {} SET claimed_at = claimed_at - interval '16 minutes' "
                "WHERE id = ANY(%s) AND status = %s"
            ).format(table),
            (list(stranded), Status.SENDING),
        )
        remaining = sql.SQL(
            "SELECT count(*) FROM {} WHERE key LIKE 'forum.digest:%%' AND status <> %s"
        ).format(table)
        topology.wait_for(
            lambda: _sql(cluster.primary_url, remaining, (Status.SENT,))[0][0] == 0,
            timeout=120,
            what="every digest row to be marked sent (beat dispatches every 10 s)",
        )
        topology.wait_for(
            lambda: len(_digests(cluster)) >= MEMBERS, timeout=20, what="the last deliveries"
        )
    finally:
        app.close()
        cluster.start_worker("worker1")

    messages = _digests(cluster)
    received = Counter(r for m in messages for r in m["rcpt"])
    duplicates = sum(count - 1 for count in received.values())
    _report(
        request,
        capsys,
        f"digest to {MEMBERS} members, worker1 SIGKILLed after {delivered_at_kill} deliveries: "
        f"{len(in_flight)} rows in flight on both worker hosts, {len(stranded)} left claimed by "
        f"worker1, {duplicates} duplicate deliveries",
    )
    assert set(received) == {f"focal{n:04d}@example.org" for n in range(MEMBERS)}
    assert duplicates <= len(stranded) <= 2 * BATCH_SIZE  # two pool processes, a batch each
    assert all(len(m["to"]) == 1 for m in messages)
    assert all(m["type"] == "multipart/alternative" and m["unsubscribe"] for m in messages)
    assert max(received.values()) <= 2
