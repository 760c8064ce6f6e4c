"""The portal on a PostgreSQL primary and a real streaming replica (``DATABASE_REPLICA_URL``).

A private primary (initdb, pg_ctl on a free port), migrated, copied by ``pg_basebackup -R``
into a streaming replica, and the portal served from both by gunicorn with two workers. Which
database answered is seen in what a page shows: with the replica's replay paused
(``pg_wal_replay_pause()``), a change made on the primary is on the primary only.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import pickle
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest
import redis

from config.replica import PRIMARY_POSITION_SQL
from tests.integration.conftest import ROOT, free_port, gunicorn, wait_for
from tests.integration.postgres import PrivateCluster, postgres_bin

pytestmark = pytest.mark.slow

MAX_LAG = 8
READ_YOUR_WRITES = 3
OLD_NAME = "Eco-efficiency and energy savings"
PASSWORD = "a long replica test password"


class Visitor:
    """A browser of its own: cookies kept, redirects followed."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, data: dict[str, str]) -> tuple[int, str]:
        fields = {"csrfmiddlewaretoken": self.csrf(path), **data}
        request = urllib.request.Request(
            self.base + path,
            data=urllib.parse.urlencode(fields).encode(),
            headers={"Referer": self.base + path},
        )
        return self._open(request)

    def csrf(self, path: str) -> str:
        _, page = self.get(path)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.jar if c.name == name), None)

    def _open(self, request: urllib.request.Request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=20) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
        except OSError:
            return 0, ""


@dataclass
class Site:
    base: str
    primary: PrivateCluster
    replica: PrivateCluster
    reply_token: str
    redis_url: str
    cache_prefix: str

    def sql(self, cluster: PrivateCluster, statement: str, *args: object) -> list[tuple]:
        with psycopg.connect(cluster.url("portal"), autocommit=True) as conn:
            cursor = conn.execute(statement, args)
            return cursor.fetchall() if cursor.description else []

    def visitor(self) -> Visitor:
        return Visitor(self.base)

    def health(self) -> tuple[int, dict[str, str]]:
        status, body = self.visitor().get("/health/?format=json")
        return status, json.loads(body) if body else {}

    def replica_health(self) -> str:
        _, found = self.health()
        return next(value for key, value in found.items() if key.startswith("Replica"))

    def shared_state(self) -> dict | None:
        """The replica's state as the portal's workers share it in the cache."""
        found = redis.Redis.from_url(self.redis_url).get(f"{self.cache_prefix}:1:replica:state")
        return pickle.loads(found) if found else None  # noqa: S301 — the test's own Redis

    def pause(self) -> None:
        self.sql(self.replica, "SELECT pg_wal_replay_pause()")
        # The portal measures the replica when a request needs it: the health check measures
        # it now, still caught up, so its lag counts from here.
        assert self.replica_health() == "OK"

    def resume(self) -> None:
        self.sql(self.replica, "SELECT pg_wal_replay_resume()")

    def rename_theme(self, name: str) -> None:
        self.sql(
            self.primary,
            "UPDATE taxonomy_theme SET name = %s, name_en = %s WHERE slug = 'eco-efficiency'",
            name,
            name,
        )

    def caught_up(self) -> None:
        position = self.sql(self.primary, PRIMARY_POSITION_SQL)[0][0]
        wait_for(
            lambda: self.sql(
                self.replica, "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", position
            )[0][0],
            timeout=20,
            what="the replica to replay the primary's changes",
        )


@pytest.fixture(autouse=True)
def _reference_data() -> None:
    """The portal here runs on its own clusters, not on the test database: nothing to reload."""


def _areas(page: str) -> list[str]:
    return re.findall(r"<li>([^<]*)</li>", page)


SETUP = """
from django.core.management import call_command

call_command("migrate", interactive=False, verbosity=0)

from allauth.account.models import EmailAddress
from accounts.models import User
from knowledge.helpdesk import services
from knowledge.models import Collection
from taxonomy.models import Theme

user = User.objects.create_user("alice@example.org", {password!r}, name="Alice Adams")
EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
question = services.question_ask(
    asker=None, email="asker@example.org", subject="Energy audits",
    body="Where do we start?", theme=Theme.objects.get(slug="eco-efficiency"),
)
print("TOKEN", question.reply_token)
Collection.objects.create(slug="probe", title="Probe collection", is_published=True)
"""


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    bin_dir = postgres_bin()
    if bin_dir is None:
        pytest.skip("no PostgreSQL server binaries under /usr/lib/postgresql/*/bin")
    primary, replica = PrivateCluster(bin_dir), PrivateCluster(bin_dir)
    server = None
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    prefix = f"portal-replica-{os.getpid()}"
    try:
        primary.init()
        primary.start()
        with psycopg.connect(primary.url("postgres"), autocommit=True) as conn:
            conn.execute("CREATE DATABASE portal")
        # The replica exists before the schema: migrations reach it by streaming replication.
        replica.replicate(primary)
        replica.start()
        env = {
            **{k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}},
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": primary.url("portal"),
            "DATABASE_REPLICA_URL": replica.url("portal"),
            "REPLICA_MAX_LAG_SECONDS": str(MAX_LAG),
            "READ_YOUR_WRITES_SECONDS": str(READ_YOUR_WRITES),
            "REPLICA_CHECK_SECONDS": "0.5",
            "REDIS_URL": redis_url,
            "CACHE_KEY_PREFIX": prefix,
            "CELERY_TASK_ALWAYS_EAGER": "1",
            "EMAIL_URL": "consolemail://",
            # Rendered pages, so each answer shows the database it read.
            "PAGE_CACHE_SECONDS": "0",
            "VAR_DIR": str(ROOT / "var"),
        }
        port = free_port()
        # Booting while the primary is migrated (one Django start for migrating and the data).
        server = gunicorn(env, port)
        out = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", SETUP.format(password=PASSWORD)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=300,
        ).stdout
        token = re.search(r"TOKEN (\S+)", out).group(1)
        found = Site(
            f"http://127.0.0.1:{port}",
            primary,
            replica,
            token,
            env["REDIS_URL"],
            env["CACHE_KEY_PREFIX"],
        )
        wait_for(lambda: found.visitor().get("/")[0] == 200, timeout=60, what="the portal to serve")
        found.caught_up()
        yield found
    finally:
        if server is not None:
            server.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        # Both clusters at once: the module keeps within its time.
        removing = [threading.Thread(target=cluster.remove) for cluster in (replica, primary)]
        for thread in removing:
            thread.start()
        if server is not None:
            server.wait(timeout=30)
        for thread in removing:
            thread.join(timeout=60)
        # The portal's keys in the shared Redis (sessions, rate limits, the replica's state).
        keys = redis.Redis.from_url(redis_url)
        for key in keys.scan_iter(match=f"{prefix}:*", count=1000):
            keys.delete(key)


def test_anonymous_pages_read_from_the_replica_and_signed_in_ones_from_the_primary(site):
    site.rename_theme("Eco-efficiency PAUSED")
    site.caught_up()
    assert "Eco-efficiency PAUSED" in _areas(site.visitor().get("/")[1])

    site.pause()
    try:
        site.rename_theme("Eco-efficiency CHANGED")
        site.sql(site.primary, "UPDATE knowledge_collection SET title = 'Probe CHANGED'")
        anonymous, api = site.visitor(), site.visitor()

        # The replica has not replayed the change: an anonymous visitor sees the old name...
        assert "Eco-efficiency PAUSED" in _areas(anonymous.get("/")[1])
        # ...while the primary has it, and signed-in pages read from the primary.
        on_primary = site.sql(site.primary, "SELECT name FROM taxonomy_theme ORDER BY name")
        assert ("Eco-efficiency CHANGED",) in on_primary
        # The public API reads from the replica too.
        assert json.loads(api.get("/api/v1/collections/probe/")[1])["title"] == "Probe collection"
        alice = site.visitor()
        status, _ = alice.post(
            "/accounts/login/", {"login": "alice@example.org", "password": PASSWORD}
        )
        assert status == 200 and alice.cookie("sessionid")
        assert "Eco-efficiency CHANGED" in _areas(alice.get("/")[1])
    finally:
        site.resume()
    site.caught_up()
    assert "Eco-efficiency CHANGED" in site.visitor().get("/")[1]
    assert json.loads(api.get("/api/v1/collections/probe/")[1])["title"] == "Probe CHANGED"
    site.rename_theme(OLD_NAME)
    site.caught_up()


def test_a_visitor_reads_their_own_write_then_the_replica_again(site):
    thread = f"/help/thread/{site.reply_token}/"
    asker, other = site.visitor(), site.visitor()
    assert asker.get(thread)[0] == 200
    site.pause()
    try:
        status, page = asker.post(thread, {"body": "We make machine tools, 40 people."})
        posted = time.monotonic()

        # The reply went to the primary; the asker's next pages read from there too.
        assert status == 200 and "We make machine tools" in page
        assert asker.cookie("read_primary")
        assert "We make machine tools" in asker.get(thread)[1]
        # Anybody else reads the replica, which has not replayed the reply yet.
        assert "We make machine tools" not in other.get(thread)[1]

        # READ_YOUR_WRITES_SECONDS later the asker is back on the replica.
        time.sleep(max(0.0, posted + READ_YOUR_WRITES + 0.3 - time.monotonic()))
        assert "We make machine tools" not in asker.get(thread)[1]
        assert time.monotonic() - posted < MAX_LAG, "the replica was judged lagging too soon"

        # Replay still paused: beyond REPLICA_MAX_LAG_SECONDS every read leaves the replica.
        wait_for(
            lambda: site.replica_health().startswith("Warning: lagging"),
            timeout=MAX_LAG + 10,
            what="the health check to call the replica lagging",
        )
        lagging_after = time.monotonic() - posted
        # Every worker goes by the shared state within a second (what each keeps of it).
        wait_for(
            lambda: "We make machine tools" in other.get(thread)[1],
            timeout=3,
            what="reads to leave the lagging replica",
        )
        status, found = site.health()
        assert status == 200
        assert {v for k, v in found.items() if not k.startswith("Replica")} == {"OK"}
        print(f"\nreplica judged lagging {lagging_after:.1f} s after the write (limit {MAX_LAG} s)")
    finally:
        site.resume()
    site.caught_up()
    wait_for(lambda: site.replica_health() == "OK", timeout=10, what="the replica to be up")


def test_pages_keep_working_from_the_primary_when_the_replica_stops(site, capsys):
    anonymous = site.visitor()
    assert anonymous.get("/")[0] == 200
    site.replica.stop("immediate")
    stopped = time.monotonic()
    answers: list[tuple[float, int, float]] = []  # since the stop, status, seconds taken
    shared_down_at = None
    try:
        while time.monotonic() - stopped < 3:
            started = time.monotonic()
            status, _ = anonymous.get("/knowledge/")
            answers.append((started - stopped, status, time.monotonic() - started))
            if shared_down_at is None and (site.shared_state() or {}).get("state") == "down":
                shared_down_at = time.monotonic() - stopped
        status, found = site.health()
    finally:
        site.replica.start()
    with capsys.disabled():
        print(
            f"\nreplica stopped: {len(answers)} anonymous requests in 3 s, "
            f"{sum(1 for _, s, _ in answers if s != 200)} failed; every worker told to read "
            f"from the primary {shared_down_at:.2f} s after the stop; slowest request "
            f"{max(seconds for _, _, seconds in answers):.2f} s"
        )
    assert all(status == 200 for _, status, _ in answers), answers
    assert shared_down_at is not None
    assert status == 200
    replica_says = next(v for k, v in found.items() if k.startswith("Replica"))
    assert replica_says.startswith("Warning: down (connection refused)"), replica_says
    assert {v for k, v in found.items() if not k.startswith("Replica")} == {"OK"}

    # Back: anonymous reads return to the replica (the paused replay shows it) by themselves,
    # once a worker's check finds it up again.
    site.caught_up()
    back = time.monotonic()
    site.pause()
    try:
        site.rename_theme("Eco-efficiency AGAIN")
        wait_for(
            lambda: "Eco-efficiency AGAIN" not in _areas(site.visitor().get("/")[1]),
            timeout=MAX_LAG - 1,
            what="anonymous reads to return to the replica",
        )
        with capsys.disabled():
            print(f"anonymous reads back on the replica {time.monotonic() - back:.2f} s after it")
    finally:
        site.resume()
