#!/usr/bin/env python3
"""The portal on several hosts, on one machine: each role in its own network namespace.

    sudo .venv/bin/python scripts/cluster.py up [--seed]   # start, print the addresses, wait
    sudo .venv/bin/python scripts/cluster.py status        # the running clusters
    sudo .venv/bin/python scripts/cluster.py down          # stop every cluster, leftovers too

Hosts (namespaces ``portal-<run>-<host>``) hang off a bridge ``pbr<run>`` in the root
namespace, which holds ``10.77.<n>.1`` (the first free /24 of 10.77.0.0/16), so the machine
reaches every host and the hosts reach each other:

- ``haproxy``: HAProxy with ``config/haproxy.cfg`` (HTTP on 80, HTTPS on 443 with a
  self-signed certificate, statistics on 8404), balancing ``web1`` and ``web2`` with health
  checks on ``/health/``;
- ``web1``, ``web2``: gunicorn with ``config/gunicorn.py`` and the production settings;
- ``worker1``, ``worker2``: ``celery -A config worker``; ``beat``: ``celery -A config beat``;
- ``postgres`` and ``postgres-replica``: two private PostgreSQL clusters (initdb in a
  temporary folder), the replica streaming from the primary (``pg_basebackup -R``);
- ``redis``: its own ``redis-server`` with no persistence;
- ``mailpit``: an SMTP sink that writes one JSON line per message it accepts.

Every process runs with ``ip netns exec`` in its own process group; logs go to the run's
folder and are printed when start-up fails. Needs root and iproute2; installs HAProxy from
Debian when it is missing and apt is there (``make cluster-deps``). The tests in
``tests/cluster/`` use the ``Cluster`` class. See docs/deployment.md.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
STATE_DIR = Path("/run/portal-cluster")
CACHE_DIR = ROOT / "var" / "cluster"
PREFIX = "portal-"

# Role → the hosts that play it; each host is a service of docker-compose.yml of the same name
# (tests/cluster/test_compose.py holds the two to one story).
ROLES: dict[str, tuple[str, ...]] = {
    "proxy": ("haproxy",),
    "web": ("web1", "web2"),
    "worker": ("worker1", "worker2"),
    "beat": ("beat",),
    "postgres": ("postgres",),
    "postgres-replica": ("postgres-replica",),
    "redis": ("redis",),
    "mail": ("mailpit",),
}
# Run once at start-up, not a host of its own (compose: a service that exits).
JOBS: dict[str, tuple[str, ...]] = {"migrate": ("migrate",)}

# The last byte of each host's address.
ADDRESSES: dict[str, int] = {
    "haproxy": 10,
    "web1": 11,
    "web2": 12,
    "worker1": 21,
    "worker2": 22,
    "beat": 23,
    "postgres": 31,
    "postgres-replica": 32,
    "redis": 41,
    "mailpit": 51,
}
if set(ADDRESSES) != {host for hosts in ROLES.values() for host in hosts}:
    raise RuntimeError("every host of ROLES needs an address, and only those")

WEB_PORT = 8000
PG_PORT = 5432
REDIS_PORT = 6379
SMTP_PORT = 1025
DATABASE = "portal"
# The read replica's settings on every portal host (the defaults, said for the tests).
REPLICA_MAX_LAG_SECONDS = 5
READ_YOUR_WRITES_SECONDS = 5


class Unavailable(RuntimeError):
    """This machine cannot make the topology (not root, no namespaces, a missing program)."""


class StartupFailed(RuntimeError):
    """A part did not come up in time; the message carries the logs."""


# --- What the machine must have ---------------------------------------------------------------


def _fingerprint(*patterns: str) -> str:
    digest = hashlib.sha256()
    for pattern in patterns:
        for path in sorted(ROOT.glob(pattern)):
            if path.is_file():
                digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def postgres_bin() -> Path | None:
    found = glob.glob("/usr/lib/postgresql/*/bin/initdb")
    if not found:
        return None
    newest = max(found, key=lambda p: int(re.search(r"/(\d+)/bin/", p).group(1)))
    return Path(newest).parent


def haproxy_install() -> str | None:
    """Install HAProxy from Debian when it is missing and this runs as root with apt, saying
    so; otherwise return what to install."""
    if shutil.which("haproxy"):
        return None
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("Installing HAProxy from Debian for the cluster…", file=sys.stderr)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        quiet = {"env": env, "stdout": subprocess.DEVNULL, "stderr": subprocess.STDOUT}
        subprocess.run(["apt-get", "update", "-qq"], check=False, **quiet)
        subprocess.run(["apt-get", "install", "-y", "-qq", "haproxy"], check=False, **quiet)
        if shutil.which("haproxy"):
            return None
    return "HAProxy is missing (Debian: apt-get install haproxy, or make cluster-deps)"


def unavailable(*, install: bool = True) -> str | None:
    """Why this machine cannot run the cluster, or None when it can."""
    if sys.platform != "linux":
        return "the cluster needs Linux network namespaces"
    if os.geteuid() != 0:
        return "the cluster needs root (network namespaces, veth links)"
    if not shutil.which("ip"):
        return "the cluster needs iproute2's ip command (Debian: apt-get install iproute2)"
    missing = [p for p in ("redis-server", "openssl", "setpriv") if not shutil.which(p)]
    if missing:
        return f"the cluster needs {', '.join(missing)}"
    if postgres_bin() is None:
        return "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin"
    probe = f"{PREFIX}probe-{secrets.token_hex(3)}"
    made = subprocess.run(["ip", "netns", "add", probe], capture_output=True, text=True)
    if made.returncode != 0:
        return f"network namespaces cannot be made here: {made.stderr.strip()}"
    subprocess.run(["ip", "netns", "del", probe], capture_output=True)
    if install:
        return haproxy_install()
    return None if shutil.which("haproxy") else "HAProxy is missing"


# --- Small helpers ----------------------------------------------------------------------------


def _run(*command: str, check: bool = True, **kwargs: Any) -> subprocess.CompletedProcess:
    return subprocess.run(command, check=check, capture_output=True, text=True, **kwargs)


def wait_for(predicate: Callable[[], bool], *, timeout: float, what: str) -> float:
    """Wait until ``predicate()``; return the seconds it took or raise StartupFailed."""
    started = time.monotonic()
    while True:
        try:
            if predicate():
                return time.monotonic() - started
        except StartupFailed:
            raise
        except Exception:  # noqa: S110 -- not ready yet is any error
            pass
        if time.monotonic() - started > timeout:
            raise StartupFailed(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(0.2)


def _alive_or_fail(process: Process) -> bool:
    """True while ``process`` runs; a process that exited fails start-up at once."""
    if process.popen.poll() is not None:
        raise StartupFailed(
            f"{process.name} exited with {process.popen.returncode}:\n"
            + process.log.read_text(errors="replace")[-3000:]
        )
    return True


def _port_open(address: str, port: int) -> bool:
    with socket.create_connection((address, port), timeout=1):
        return True


def insecure_tls() -> ssl.SSLContext:
    """The cluster's certificate is self-signed."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def http_get(url: str, *, host: str | None = None, timeout: float = 5) -> tuple[int, str, dict]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=timeout, context=insecure_tls()) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace"), dict(error.headers)


# --- The cluster ------------------------------------------------------------------------------


@dataclass
class Process:
    host: str
    name: str
    popen: subprocess.Popen
    log: Path


@dataclass
class Cluster:
    """One run of the topology. ``with Cluster() as cluster:`` starts it and tears it down,
    even after a failure."""

    seed: bool = False
    smtp_delay: float = 0.0
    web_concurrency: int = 2
    outbox_dispatch_seconds: int = 10
    run: str = field(default_factory=lambda: secrets.token_hex(2))
    net: int = -1
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="portal-cluster-")))
    processes: dict[str, Process] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(60))

    # --- names and addresses

    def namespace(self, host: str) -> str:
        return f"{PREFIX}{self.run}-{host}"

    @property
    def bridge(self) -> str:
        return f"pbr{self.run}"

    def ip(self, host: str) -> str:
        return f"10.77.{self.net}.{ADDRESSES[host]}"

    @property
    def gateway(self) -> str:
        return f"10.77.{self.net}.1"

    @property
    def proxy_url(self) -> str:
        return f"https://{self.ip('haproxy')}"

    @property
    def stats_url(self) -> str:
        return f"http://{self.ip('haproxy')}:8404/"

    def web_url(self, host: str) -> str:
        return f"http://{self.ip(host)}:{WEB_PORT}"

    @property
    def primary_url(self) -> str:
        return f"postgres://postgres@{self.ip('postgres')}:{PG_PORT}/{DATABASE}"

    @property
    def replica_url(self) -> str:
        return f"postgres://postgres@{self.ip('postgres-replica')}:{PG_PORT}/{DATABASE}"

    @property
    def redis_url(self) -> str:
        return f"redis://{self.ip('redis')}:{REDIS_PORT}/0"

    @property
    def mail_log(self) -> Path:
        return self.folder / "mail.jsonl"

    def env(self, host: str) -> dict[str, str]:
        """The environment of a portal process on ``host``: production settings, the shared
        services by address."""
        keep = {k: v for k, v in os.environ.items() if k in {"PATH", "LANG", "TZ"}}
        proxy = self.ip("haproxy")
        webs = [self.web_url(h) for h in ROLES["web"]]
        return {
            **keep,
            "HOME": str(self.folder),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "0",
            "SECRET_KEY": self.secret_key,
            "ALLOWED_HOSTS": ",".join([proxy, *(self.ip(h) for h in ROLES["web"]), "localhost"]),
            "SITE_URL": f"https://{proxy}",
            "CSRF_TRUSTED_ORIGINS": ",".join([f"https://{proxy}", *webs]),
            # HAProxy terminates TLS and redirects plain HTTP itself.
            "SECURE_SSL_REDIRECT": "0",
            "BEHIND_PROXY": "1",
            "TRUSTED_PROXY_COUNT": "1",
            "DATABASE_URL": self.primary_url,
            "DATABASE_REPLICA_URL": self.replica_url,
            "REPLICA_MAX_LAG_SECONDS": str(REPLICA_MAX_LAG_SECONDS),
            "READ_YOUR_WRITES_SECONDS": str(READ_YOUR_WRITES_SECONDS),
            "REDIS_URL": self.redis_url,
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "EMAIL_URL": f"smtp://{self.ip('mailpit')}:{SMTP_PORT}",
            "OUTBOX_DISPATCH_SECONDS": str(self.outbox_dispatch_seconds),
            "PAGE_CACHE_SECONDS": "300",
            # Every host shares this machine's cores (with whatever else runs on it): a request
            # queued behind that load is not shed as soon as on a host of its own.
            "SHED_QUEUE_MS": "2000",
            "VAR_DIR": str(self.folder / "var"),
            "LOG_LEVEL": "WARNING",
            "WEB_CONCURRENCY": str(self.web_concurrency),
            "GUNICORN_THREADS": "4",
            "GUNICORN_BIND": f"{self.ip(host)}:{WEB_PORT}",
        }

    # --- processes

    def spawn(
        self, host: str, name: str, command: list[str], *, env: dict[str, str] | None = None
    ) -> Process:
        """Start ``command`` on ``host`` in a process group of its own, output to a log."""
        log = self.folder / "logs" / f"{name}.log"
        with log.open("ab") as out:
            popen = subprocess.Popen(
                ["ip", "netns", "exec", self.namespace(host), *command],
                cwd=ROOT,
                env=env if env is not None else self.env(host),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        process = Process(host, name, popen, log)
        self.processes[name] = process
        self._save_state()
        return process

    def exec(self, host: str, *command: str, timeout: float = 600, **kwargs: Any):
        """Run ``command`` on ``host`` to the end and return the completed process."""
        kwargs.setdefault("env", self.env(host))
        return subprocess.run(
            ["ip", "netns", "exec", self.namespace(host), *command],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            **kwargs,
        )

    def manage(self, *args: str, host: str = "web1", timeout: float = 600) -> str:
        """``manage.py`` on ``host``; raises with its output when it fails."""
        done = self.exec(host, sys.executable, "manage.py", *args, timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done.stdout

    def shell(self, code: str, *, host: str = "web1") -> str:
        """Python run by ``manage.py shell`` on ``host``; returns what it printed."""
        return self.manage("shell", "--no-startup", "-c", code, host=host)

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        """Signal the whole process group of ``name`` (its master and every child)."""
        process = self.processes[name]
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.popen.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.popen.wait(timeout=20)

    def logs(self, *names: str, tail: int = 40) -> str:
        chosen = names or tuple(self.processes)
        parts = []
        for name in chosen:
            path = self.folder / "logs" / f"{name}.log"
            if path.exists():
                lines = path.read_text(errors="replace").splitlines()[-tail:]
                parts.append(f"--- {name} ({path}) ---\n" + "\n".join(lines))
        return "\n".join(parts)

    # --- up

    def __enter__(self) -> Cluster:
        try:
            self.up()
        except BaseException:
            self.down()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.down()

    def up(self) -> None:
        reason = unavailable()
        if reason:
            raise Unavailable(reason)
        started = time.monotonic()
        (self.folder / "logs").mkdir(parents=True, exist_ok=True)
        (self.folder / "var").mkdir(exist_ok=True)
        os.chmod(self.folder, 0o755)  # noqa: S103 -- postgres (another user) walks through it
        try:
            self._network()
            self._step("network", started)
            migrated = self._postgres()
            self._step("postgres primary", started)
            # Independent steps side by side: the schema, the static files, the replica.
            migrate = (
                None if migrated else self._manage_in_background("web1", "migrate", "--noinput")
            )
            static = self._static_files()
            self._redis_and_mail()
            self._replica()
            if migrate:
                self._finish(migrate, "migrate")
                self._keep_migrated_copy()
            if static:
                self._finish(static, "collectstatic")
                self._keep_static_files()
            self._step("migrate, static files, replica, redis, mail", started)
            if self.seed:
                self.manage("seed_demo")
                self._step("seed_demo", started)
            self._portal()
            self._step("web, workers, beat, haproxy", started)
        except StartupFailed as exc:
            raise StartupFailed(f"{exc}\n\nLogs in {self.folder / 'logs'}:\n{self.logs()}") from exc
        self.timings["total"] = time.monotonic() - started

    def _step(self, name: str, started: float) -> None:
        self.timings[name] = round(time.monotonic() - started - sum(self.timings.values()), 1)

    def _free_net(self) -> int:
        used = _run("ip", "-o", "-4", "addr", "show").stdout
        for n in range(256):
            if f" 10.77.{n}." not in used:
                return n
        raise Unavailable("no free /24 left in 10.77.0.0/16")

    def _network(self) -> None:
        self.net = self._free_net()
        STATE_DIR.mkdir(parents=True, exist_ok=True)
        self._save_state()
        _run("ip", "link", "add", self.bridge, "type", "bridge")
        _run("ip", "addr", "add", f"{self.gateway}/24", "dev", self.bridge)
        _run("ip", "link", "set", self.bridge, "up")
        for index, host in enumerate(ADDRESSES):
            ns, outside = self.namespace(host), f"pv{self.run}{index:02d}"
            _run("ip", "netns", "add", ns)
            _run("ip", "link", "add", outside, "type", "veth", "peer", "name", "eth0", "netns", ns)
            _run("ip", "link", "set", outside, "master", self.bridge, "up")
            _run("ip", "-n", ns, "addr", "add", f"{self.ip(host)}/24", "dev", "eth0")
            _run("ip", "-n", ns, "link", "set", "eth0", "up")
            _run("ip", "-n", ns, "link", "set", "lo", "up")
            _run("ip", "-n", ns, "route", "add", "default", "via", self.gateway)

    def _as_postgres(self, command: list[str]) -> list[str]:
        # initdb and postgres refuse root. setpriv execs the command in place (runuser would
        # stay as its parent, out of reach of the process group's signals).
        return ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", *command]

    def _postgres_server(self, host: str, data: Path) -> None:
        bin_dir = postgres_bin()
        sockets = self.folder / f"{host}-sockets"
        sockets.mkdir(exist_ok=True)
        shutil.chown(sockets, user="postgres", group="postgres")
        command = [
            str(bin_dir / "postgres"),
            "-D",
            str(data),
            "-p",
            str(PG_PORT),
            "-k",
            str(sockets),
            "-c",
            f"listen_addresses={self.ip(host)}",
            # Throwaway clusters: durability is not what the tests measure.
            "-c",
            "fsync=off",
            "-c",
            "full_page_writes=off",
            "-c",
            "synchronous_commit=off",
            "-c",
            "max_connections=200",
        ]
        server = self.spawn(
            host, host, self._as_postgres(command), env={"PATH": os.environ["PATH"]}
        )
        wait_for(
            lambda: (
                _alive_or_fail(server)
                and self.exec(
                    host, str(bin_dir / "pg_isready"), "-h", self.ip(host), "-p", str(PG_PORT)
                ).returncode
                == 0
            ),
            timeout=60,
            what=f"PostgreSQL on {host}",
        )

    def _postgres(self) -> bool:
        """Start the primary: a copy of an earlier run's migrated cluster when there is one
        (returns True), else a new cluster with an empty database (False)."""
        bin_dir = postgres_bin()
        data = self.folder / "postgres"
        shutil.chown(self.folder, user="postgres")
        if self._migrated_copy.exists():
            # A base backup: PostgreSQL replays the WAL it holds and starts as a primary.
            _run("cp", "-a", str(self._migrated_copy), str(data))
            data.chmod(0o700)
            self._postgres_server("postgres", data)
            return True
        done = _run(
            *self._as_postgres(
                [
                    str(bin_dir / "initdb"),
                    "-D",
                    str(data),
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "--no-sync",
                    "--no-instructions",
                ]
            ),
            check=False,
        )
        if done.returncode != 0:
            raise StartupFailed(f"initdb failed: {done.stdout}{done.stderr}")
        # Any cluster's subnet: the kept copy serves later runs on other subnets.
        with (data / "pg_hba.conf").open("a") as hba:
            hba.write("host all all 10.77.0.0/16 trust\nhost replication all 10.77.0.0/16 trust\n")
        self._postgres_server("postgres", data)
        created = self.exec(
            "postgres",
            str(bin_dir / "createdb"),
            "-h",
            self.ip("postgres"),
            "-U",
            "postgres",
            DATABASE,
            env={"PATH": os.environ["PATH"]},
        )
        if created.returncode != 0:
            raise StartupFailed(f"createdb failed: {created.stderr}")
        return False

    def _replica(self) -> None:
        bin_dir = postgres_bin()
        data = self.folder / "postgres-replica"
        copied = self.exec(
            "postgres-replica",
            *self._as_postgres(
                [
                    str(bin_dir / "pg_basebackup"),
                    "-h",
                    self.ip("postgres"),
                    "-p",
                    str(PG_PORT),
                    "-U",
                    "postgres",
                    "-D",
                    str(data),
                    "-R",
                    "-X",
                    "stream",
                    "--no-sync",
                    "-c",
                    "fast",
                ]
            ),
            env={"PATH": os.environ["PATH"]},
            timeout=120,
        )
        if copied.returncode != 0:
            raise StartupFailed(f"pg_basebackup failed: {copied.stdout}{copied.stderr}")
        self._postgres_server("postgres-replica", data)
        wait_for(
            lambda: self.replica_lag() is not None,
            timeout=60,
            what="the replica to stream from the primary",
        )

    def _psql(self, url: str, sql: str) -> str:
        import psycopg

        with psycopg.connect(url, autocommit=True, connect_timeout=3) as conn:
            row = conn.execute(sql).fetchone()
        return "" if row is None or row[0] is None else str(row[0])

    def replica_lag(self) -> float | None:
        """Seconds the replica's last replayed transaction is behind, or None when it does not
        stream."""
        streaming = self._psql(
            self.primary_url.rsplit("/", 1)[0] + "/postgres",
            "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'",
        )
        if streaming in ("", "0"):
            return None
        lag = self._psql(
            self.replica_url.rsplit("/", 1)[0] + "/postgres",
            "SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
            "ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp()) END",
        )
        return float(lag or 0)

    def replica_caught_up(self, timeout: float = 20) -> float:
        """Wait until the replica has replayed the primary's WAL position of now; return the
        seconds it took."""
        # As config.replica.PRIMARY_POSITION_SQL: at a page's start, the page's start, not the
        # position after its header, which an idle primary would keep out of reach.
        position = self._psql(
            self.primary_url,
            "SELECT (CASE WHEN mod(lsn - '0/0', current_setting('wal_block_size')::int) "
            "IN (24, 40) THEN lsn - mod(lsn - '0/0', current_setting('wal_block_size')::int) "
            "ELSE lsn END)::text FROM pg_current_wal_insert_lsn() AS lsn",
        )
        return wait_for(
            lambda: (
                self._psql(
                    self.replica_url, f"SELECT pg_last_wal_replay_lsn() >= '{position}'::pg_lsn"
                )
                == "True"
            ),
            timeout=timeout,
            what="the replica to replay the primary's position",
        )

    def pause_replay(self) -> None:
        """The replica goes on receiving the primary's WAL but applies none of it."""
        self._psql(self.replica_url, "SELECT pg_wal_replay_pause()")

    def resume_replay(self) -> None:
        self._psql(self.replica_url, "SELECT pg_wal_replay_resume()")

    def stop_replica(self, mode: str = "fast") -> None:
        """``pg_ctl stop`` of the replica host's cluster, waiting until it is down."""
        done = self.exec(
            "postgres-replica",
            *self._as_postgres(
                [
                    str(postgres_bin() / "pg_ctl"),
                    "stop",
                    "-D",
                    str(self.folder / "postgres-replica"),
                    "-m",
                    mode,
                    "-w",
                ]
            ),
            env={"PATH": os.environ["PATH"]},
            timeout=60,
        )
        if done.returncode != 0:
            raise RuntimeError(f"pg_ctl stop of the replica failed: {done.stdout}{done.stderr}")
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.processes["postgres-replica"].popen.wait(timeout=20)

    def start_replica(self) -> None:
        """Start the replica's cluster again; it streams from where it stopped."""
        self._postgres_server("postgres-replica", self.folder / "postgres-replica")
        wait_for(
            lambda: self.replica_lag() is not None,
            timeout=60,
            what="the replica to stream from the primary again",
        )

    def _redis_and_mail(self) -> None:
        self.spawn(
            "redis",
            "redis",
            [
                "redis-server",
                "--bind",
                self.ip("redis"),
                "--port",
                str(REDIS_PORT),
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "no",
            ],
            env={"PATH": os.environ["PATH"]},
        )
        self.spawn(
            "mailpit",
            "mailpit",
            [
                sys.executable,
                str(Path(__file__).resolve()),
                "smtp-sink",
                f"--listen={self.ip('mailpit')}:{SMTP_PORT}",
                f"--log={self.mail_log}",
                f"--delay={self.smtp_delay}",
            ],
            env={**self.env("mailpit"), "PYTHONPATH": str(ROOT)},
        )
        wait_for(lambda: _port_open(self.ip("redis"), REDIS_PORT), timeout=30, what="Redis")
        wait_for(
            lambda: _port_open(self.ip("mailpit"), SMTP_PORT), timeout=30, what="the SMTP sink"
        )

    def _manage_in_background(self, host: str, *args: str) -> Process:
        return self.spawn(host, args[0], [sys.executable, "manage.py", *args])

    # Migrating a new database and collecting the static files take a minute or more on a busy
    # machine; both are kept under var/cluster/, named after what they are made from, and
    # reused by the next run while those files are unchanged.

    @property
    def _migrated_copy(self) -> Path:
        key = _fingerprint("*/migrations/*.py", "requirements/base.txt")
        return CACHE_DIR / f"postgres-{postgres_bin().parent.name}-{key}"

    def _keep_migrated_copy(self) -> None:
        """A base backup of the migrated primary, for the next run to start from."""
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        partial = self._migrated_copy.with_name(self._migrated_copy.name + ".partial")
        _run("rm", "-rf", str(partial))
        _run("mkdir", "-p", str(partial))
        shutil.chown(partial, user="postgres", group="postgres")
        copied = self.exec(
            "postgres",
            *self._as_postgres(
                [
                    str(postgres_bin() / "pg_basebackup"),
                    "-h",
                    self.ip("postgres"),
                    "-U",
                    "postgres",
                    "-D",
                    str(partial),
                    "-X",
                    "stream",
                    "-c",
                    "fast",
                ]
            ),
            env={"PATH": os.environ["PATH"]},
        )
        if copied.returncode == 0:
            try:
                partial.rename(self._migrated_copy)
            except OSError:  # another run kept the same copy first
                _run("rm", "-rf", str(partial))
        else:
            _run("rm", "-rf", str(partial))

    @property
    def _static_cache(self) -> Path:
        key = _fingerprint("static/**/*", "requirements/base.txt", "config/settings.py")
        return CACHE_DIR / f"static-{key}"

    def _static_files(self) -> Process | None:
        """DEBUG=0 serves hashed file names from the manifest that collectstatic writes."""
        if not self._static_cache.exists():
            return self._manage_in_background("web2", "collectstatic", "--noinput", "--verbosity=0")
        shutil.copytree(self._static_cache, self.folder / "var" / "static")
        return None

    def _keep_static_files(self) -> None:
        partial = self._static_cache.with_suffix(".partial")
        shutil.rmtree(partial, ignore_errors=True)
        shutil.copytree(self.folder / "var" / "static", partial)
        try:
            partial.rename(self._static_cache)
        except OSError:  # another run kept the same copy first
            _run("rm", "-rf", str(partial))

    def _finish(self, process: Process, what: str, timeout: float = 600) -> None:
        try:
            code = process.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise StartupFailed(f"{what} did not finish in {timeout:.0f}s") from None
        del self.processes[process.name]
        self._save_state()
        if code != 0:
            raise StartupFailed(f"{what} failed:\n{process.log.read_text(errors='replace')}")

    def _certificate(self) -> Path:
        key, cert = self.folder / "tls.key", self.folder / "tls.crt"
        _run(
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=portal-cluster",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        )
        pem = self.folder / "tls.pem"
        pem.write_text(cert.read_text() + key.read_text())
        return pem

    def start_web(self, host: str) -> None:
        self.spawn(
            host,
            host,
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "config/gunicorn.py",
                "config.wsgi",
                "--access-logfile",
                "-",
            ],
        )

    def start_worker(self, host: str) -> None:
        self.spawn(
            host,
            host,
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--loglevel=INFO",
                "--concurrency=2",
                f"--hostname={host}@portal",
                "--without-gossip",
                "--without-mingle",
            ],
        )

    def _portal(self) -> None:
        for host in ROLES["web"]:
            self.start_web(host)
        for host in ROLES["worker"]:
            self.start_worker(host)
        self.spawn(
            "beat",
            "beat",
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "beat",
                "--loglevel=INFO",
                f"--pidfile={self.folder / 'beat.pid'}",
            ],
        )
        proxy = self.ip("haproxy")
        self.spawn(
            "haproxy",
            "haproxy",
            ["haproxy", "-db", "-f", str(ROOT / "config" / "haproxy.cfg")],
            env={
                "PATH": os.environ["PATH"],
                "WEB1_ADDR": f"{self.ip('web1')}:{WEB_PORT}",
                "WEB2_ADDR": f"{self.ip('web2')}:{WEB_PORT}",
                "HAPROXY_HTTP_BIND": f"{proxy}:80",
                "HAPROXY_HTTPS_BIND": f"{proxy}:443",
                "HAPROXY_TLS_CERT": str(self._certificate()),
                "HAPROXY_STATS_BIND": f"{proxy}:8404",
            },
        )
        for host in ROLES["web"]:
            self.wait_web(host)
        wait_for(
            lambda: all(s == "UP" for s in self.backend_status().values()),
            timeout=30,
            what="HAProxy to see both web hosts up",
        )
        wait_for(
            lambda: http_get(self.proxy_url + "/health/?format=json")[0] == 200,
            timeout=30,
            what="/health/ through HAProxy",
        )
        self.wait_workers(*ROLES["worker"])
        wait_for(
            lambda: "beat: Starting" in (self.folder / "logs" / "beat.log").read_text(),
            timeout=60,
            what="celery beat",
        )
        for name, process in self.processes.items():
            if process.popen.poll() is not None:
                raise StartupFailed(f"{name} exited with {process.popen.returncode}")

    def wait_web(self, host: str, timeout: float = 90) -> float:
        return wait_for(
            lambda: (
                _alive_or_fail(self.processes[host])
                and http_get(self.web_url(host) + "/health/?format=json", host="localhost")[0]
                == 200
            ),
            timeout=timeout,
            what=f"gunicorn on {host} to answer /health/",
        )

    def celery(self) -> Any:
        """A Celery client on the cluster's broker, for pings and queueing tasks by name."""
        from celery import Celery

        return Celery("portal-cluster", broker=self.redis_url)

    def wait_workers(self, *hosts: str, timeout: float = 90) -> float:
        app = self.celery()
        wanted = {f"{host}@portal" for host in hosts}

        def answered() -> bool:
            for host in hosts:
                _alive_or_fail(self.processes[host])
            replies = app.control.ping(timeout=1)
            return wanted <= {name for reply in replies for name in reply}

        try:
            return wait_for(answered, timeout=timeout, what=f"workers {sorted(wanted)}")
        finally:
            app.close()

    def backend_status(self) -> dict[str, str]:
        """HAProxy's view of each web host: UP, DOWN, …"""
        with urllib.request.urlopen(self.stats_url + ";csv", timeout=3) as response:
            lines = response.read().decode().splitlines()
        header = lines[0].lstrip("# ").split(",")
        rows = [dict(zip(header, line.split(","), strict=False)) for line in lines[1:]]
        return {
            r["svname"]: r["status"]
            for r in rows
            if r.get("pxname") == "web" and r["svname"] in ROLES["web"]
        }

    def memory_mb(self) -> dict[str, float]:
        """Resident memory of each host: the sum of VmRSS over every process in its namespace
        (pages shared after a fork count once per process, so it is an upper bound)."""
        return {host: namespace_rss_mb(self.namespace(host)) for host in ADDRESSES}

    # --- down

    def _save_state(self) -> None:
        if not STATE_DIR.exists():
            return
        state = {
            "run": self.run,
            "net": self.net,
            "folder": str(self.folder),
            "namespaces": [self.namespace(h) for h in ADDRESSES],
            "bridge": self.bridge,
            "processes": {n: p.popen.pid for n, p in self.processes.items()},
        }
        (STATE_DIR / f"{self.run}.json").write_text(json.dumps(state))

    def down(self) -> None:
        started = time.monotonic()
        for process in self.processes.values():
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.popen.pid, signal.SIGKILL)
        for process in self.processes.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.popen.wait(timeout=10)
        _remove_run(self.run, self.folder, sweep_links=False)
        self.timings["down"] = round(time.monotonic() - started, 1)


def _remove_run(run: str, folder: Path | None, *, sweep_links: bool = True) -> None:
    """Kill whatever still runs in the run's namespaces, then delete the bridge, the
    namespaces, the folder and the state file.

    The kernel frees a deleted namespace, and its veth pair with it, in the background, and
    holds the lock of every link command meanwhile (many seconds after a busy run): so the
    bridge goes first, and ``sweep_links`` (``down``) then waits to remove any outer veth end
    still left by an earlier run. They hold no address, so one left meanwhile is in nobody's
    way."""
    _run("ip", "link", "del", f"pbr{run}", check=False)
    for ns in _namespaces(run):
        pids = _run("ip", "netns", "pids", ns, check=False).stdout.split()
        for pid in pids:
            with contextlib.suppress(ProcessLookupError, ValueError):
                os.kill(int(pid), signal.SIGKILL)
        _run("ip", "netns", "del", ns, check=False)
    if sweep_links:
        for line in _run("ip", "-o", "link", "show", check=False).stdout.split("\n"):
            match = re.search(rf"\d+: (pv{re.escape(run)}\d\d)[:@]", line)
            if match:
                _run("ip", "link", "del", match.group(1), check=False)
    if folder is not None and folder.name.startswith("portal-cluster-"):
        shutil.rmtree(folder, ignore_errors=True)
    (STATE_DIR / f"{run}.json").unlink(missing_ok=True)


def namespace_rss_mb(ns: str) -> float:
    total = 0
    for pid in _run("ip", "netns", "pids", ns, check=False).stdout.split():
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return round(total / 1024, 1)


def _namespaces(run: str | None = None) -> list[str]:
    listed = _run("ip", "netns", "list", check=False).stdout.split("\n")
    names = [line.split()[0] for line in listed if line.strip()]
    pattern = re.compile(rf"^{PREFIX}({re.escape(run) if run else '[0-9a-f]{4}'})-")
    return [name for name in names if pattern.match(name)]


def runs() -> dict[str, dict[str, Any]]:
    """Every run this machine knows of: from state files, and from leftover namespaces and
    bridges of runs whose state is gone."""
    found: dict[str, dict[str, Any]] = {}
    if STATE_DIR.exists():
        for path in STATE_DIR.glob("*.json"):
            with contextlib.suppress(ValueError, OSError):
                state = json.loads(path.read_text())
                found[state["run"]] = state
    for ns in _namespaces():
        run = ns[len(PREFIX) :].split("-", 1)[0]
        found.setdefault(run, {"run": run, "folder": None})
    for line in _run("ip", "-o", "link", "show", check=False).stdout.split("\n"):
        match = re.search(r"\d+: p(?:br|v)([0-9a-f]{4})\d*[:@]", line)
        if match:
            found.setdefault(match.group(1), {"run": match.group(1), "folder": None})
    return found


def down_all() -> list[str]:
    removed = []
    for run, state in runs().items():
        for pid in (state.get("processes") or {}).values():
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)
        folder = Path(state["folder"]) if state.get("folder") else None
        _remove_run(run, folder)
        removed.append(run)
    return removed


# --- The SMTP sink ----------------------------------------------------------------------------


def smtp_sink(listen: str, log: Path, delay: float) -> None:
    """Accept every message and write a JSON line for each: envelope recipients, To header,
    content type, List-Unsubscribe present."""
    import asyncio
    import email

    from aiosmtpd.controller import Controller

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            if delay:
                await asyncio.sleep(delay)
            message = email.message_from_bytes(envelope.content)
            line = {
                "rcpt": envelope.rcpt_tos,
                "to": message.get_all("To") or [],
                "type": message.get_content_type(),
                "unsubscribe": bool(message["List-Unsubscribe"]),
                "subject": str(message["Subject"] or ""),
            }
            with log.open("a") as out:
                out.write(json.dumps(line) + "\n")
            return "250 Message accepted"

    address, port = listen.rsplit(":", 1)
    controller = Controller(Handler(), hostname=address, port=int(port))
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    controller.start()
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    controller.stop()


def delivered(cluster: Cluster) -> list[dict[str, Any]]:
    if not cluster.mail_log.exists():
        return []
    lines = cluster.mail_log.read_text().splitlines()
    return [json.loads(line) for line in lines if line.endswith("}")]


# --- Command line -----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    up = commands.add_parser("up", help="start a cluster and keep it running until Ctrl-C")
    up.add_argument("--seed", action="store_true", help="run seed_demo after migrating")
    commands.add_parser("down", help="stop every cluster and remove leftovers")
    commands.add_parser("status", help="list the clusters and their hosts")
    sink = commands.add_parser("smtp-sink", help=argparse.SUPPRESS)
    sink.add_argument("--listen", required=True)
    sink.add_argument("--log", required=True, type=Path)
    sink.add_argument("--delay", type=float, default=0.0)
    args = parser.parse_args(argv)

    if args.command == "smtp-sink":
        smtp_sink(args.listen, args.log, args.delay)
        return 0
    if args.command in ("down", "status") and os.geteuid() != 0:
        print("error: the cluster needs root", file=sys.stderr)
        return 1
    if args.command == "down":
        removed = down_all()
        print(f"removed {len(removed)} cluster(s): {' '.join(removed) or '-'}")
        return 0
    if args.command == "status":
        found = runs()
        if not found:
            print("no cluster")
        for run, state in found.items():
            alive = {n: _alive(pid) for n, pid in (state.get("processes") or {}).items() if pid}
            print(f"cluster {run}: 10.77.{state.get('net', '?')}.0/24, folder {state['folder']}")
            for name, ok in alive.items():
                memory = namespace_rss_mb(f"{PREFIX}{run}-{name}") if ok else 0
                print(f"  {name:<18} {'running' if ok else 'stopped':<8} {memory:>7.1f} MB")
        return 0

    reason = unavailable()
    if reason:
        print(f"error: {reason}", file=sys.stderr)
        return 1
    cluster = Cluster(seed=args.seed)
    try:
        cluster.up()
    except (StartupFailed, Unavailable, RuntimeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        cluster.down()
        return 1
    print(f"cluster {cluster.run} is up in {cluster.timings['total']:.0f}s")
    print("  " + ", ".join(f"{k} {v}s" for k, v in cluster.timings.items() if k != "total"))
    print(f"  portal:   {cluster.proxy_url}/ (self-signed certificate)")
    print(f"  haproxy:  {cluster.stats_url}")
    for host in ADDRESSES:
        print(f"  {host:<17} {cluster.ip(host)}  (ip netns exec {cluster.namespace(host)} …)")
    print(f"  logs:     {cluster.folder / 'logs'}")
    print("Ctrl-C stops it.")
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        signal.sigwait({signal.SIGINT, signal.SIGTERM})
    finally:
        cluster.down()
    return 0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
