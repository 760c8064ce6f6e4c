"""The digest fan-out: forum digests to many members, from the beat task to the last message an
SMTP server accepts, through a real Celery worker on Redis.

Run alone (``python bench/digest.py``) or from ``bench/run.py``; either way it prints progress
on stderr and the figures as one JSON line on stdout:
``{"members", "seconds", "per_second", "worker_peak_mb", "written_seconds",
"worker_cpu_seconds", "worker_memory"}``.

- It recreates ``<bench database>_digest`` (migrations included) and fills it with MEMBERS
  members of eight bodies, in four languages and two time zones, following one of five sets of
  priority areas, all on daily digests. Every digest has content: the upcoming meetings of
  the member's body, the minutes published yesterday, new practices in their areas; one member
  in ten also has an open action item of their own.
- It starts an SMTP server on loopback (aiosmtpd) that counts what it accepts, and a Celery
  worker as production runs it (prefork, one process per core, the portal's Celery settings,
  DEBUG=0) on Redis (``BENCH_BROKER_URL``).
- It queues ``forum.tasks.digests_enqueue`` as beat would and waits for the last message.

``seconds`` runs from queueing the beat task to the last message accepted; ``written_seconds``
to the last outbox row written; ``worker_cpu_seconds`` is the processor time the worker's
processes used meanwhile (on a shared machine, ``seconds`` grows with the others' load, this
does not). ``worker_peak_mb`` adds up the peak resident memory (VmHWM) of
the worker's main process and its pool processes; pages they share after the fork count once
per process, so it is an upper bound. ``worker_memory`` gives each of those processes apart:
its resident memory once the last message went (VmRSS) and its peak during the run (VmHWM).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from benchdb import recreate_database
from support import QUICK, ROOT, log

MEMBERS = int(os.environ.get("BENCH_DIGEST_MEMBERS") or (2000 if QUICK else 10000))
PG = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")
DIGEST_PG = PG + "_digest"
BROKER = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/12")
TIMEOUT = 600

LANGUAGES = ["en", "fr", "nl", "de"]
ZONES = ["Europe/Brussels", "Europe/Lisbon"]
BODIES = 8
THEME_SETS = 5


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(smtp_port: int) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-" + "k" * 60,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "https://portal.example.org",
        "DATABASE_URL": DIGEST_PG,
        "REDIS_URL": BROKER,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "VAR_DIR": str(ROOT / "var"),
        "LOG_LEVEL": "WARNING",
    }


# --- The data ---------------------------------------------------------------------------------


def populate(members: int) -> None:
    """Members with something in their daily digest (Django is set up by the caller)."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from accounts.models import User
    from forum.digests import digest_window
    from forum.models import (
        ActionItem,
        Body,
        BodyKind,
        Constituency,
        DigestFrequency,
        Meeting,
        Member,
        MemberPreferences,
        Minutes,
        MinutesStatus,
    )
    from knowledge.models import Practice
    from taxonomy.models import Theme

    # No one signs in during the bench: one unusable password for all, hashed once.
    unusable = make_password(None)
    now = timezone.now()
    yesterday = digest_window(
        frequency=DigestFrequency.DAILY, now=now, zone=timezone.get_default_timezone()
    )
    themes = list(Theme.objects.order_by("pk"))
    bodies = [
        Body.objects.create(
            name=f"Coalition laboratory {n + 1}",
            kind=BodyKind.LABORATORY,
            theme=themes[n % len(themes)],
        )
        for n in range(BODIES)
    ]
    upcoming: list[Meeting] = []
    for n, body in enumerate(bodies):
        held = Meeting.objects.create(
            body=body,
            title=f"Review meeting of laboratory {n + 1}",
            starts_at=yesterday.start - timedelta(days=3),
            ends_at=yesterday.start - timedelta(days=3, hours=-2),
            place="Brussels",
        )
        Minutes.objects.create(
            meeting=held,
            text="Summary of the discussion and the decisions.",
            status=MinutesStatus.PUBLISHED,
            revision=1,
            published_at=yesterday.start + timedelta(hours=12),
        )
        for day in (2, 5):
            upcoming.append(
                Meeting.objects.create(
                    body=body,
                    title=f"Working session {day} of laboratory {n + 1}",
                    starts_at=now + timedelta(days=day),
                    ends_at=now + timedelta(days=day, hours=2),
                    time_zone="Europe/Brussels",
                    place="Geneva",
                )
            )
    for n in range(20):
        practice = Practice.objects.create(
            source_id=f"bench-digest-{n}",
            title=f"Practice {n}: energy audits for small firms",
            summary="How a small firm cut its energy use.",
            type="guide",
            language="en",
            status="published",
            published_at=yesterday.start + timedelta(hours=10, minutes=n),
        )
        practice.themes.set([themes[n % len(themes)]])

    users = User.objects.bulk_create(
        [
            User(
                email=f"member{n:05d}@example.org",
                name=f"Member {n}",
                language=LANGUAGES[n % len(LANGUAGES)],
                password=unusable,
            )
            for n in range(members)
        ],
        batch_size=2000,
    )
    start = timezone.localdate() - timedelta(days=60)
    Member.objects.bulk_create(
        [
            Member(
                body=bodies[n % BODIES],
                user=user,
                constituency=Constituency.BUSINESS,
                start_date=start,
            )
            for n, user in enumerate(users)
        ],
        batch_size=2000,
    )
    preferences = MemberPreferences.objects.bulk_create(
        [
            MemberPreferences(
                user=user,
                digest_frequency=DigestFrequency.DAILY,
                time_zone=ZONES[(n // len(LANGUAGES)) % len(ZONES)],
            )
            for n, user in enumerate(users)
        ],
        batch_size=2000,
    )
    through = MemberPreferences.themes.through
    through.objects.bulk_create(
        [
            through(memberpreferences_id=p.pk, theme_id=themes[(n + k) % len(themes)].pk)
            for n, p in enumerate(preferences)
            for k in range(n % THEME_SETS % 3 + 1)
        ],
        batch_size=5000,
    )
    ActionItem.objects.bulk_create(
        [
            ActionItem(
                body=bodies[n % BODIES],
                meeting=upcoming[(n % BODIES) * 2],
                title=f"Send the case study of member {n}",
                owner=user,
                due_date=timezone.localdate() + timedelta(days=n % 20 - 5),
            )
            for n, user in enumerate(users)
            if n % 10 == 0
        ],
        batch_size=2000,
    )
    # Agreed at an earlier meeting: a digest lists the items that existed when its period ended.
    ActionItem.objects.update(created=now - timedelta(days=10))


# --- Watching ---------------------------------------------------------------------------------


class Counter:
    """An aiosmtpd handler that counts accepted messages and notes when the last one came."""

    def __init__(self) -> None:
        self.accepted = 0
        self.last = 0.0
        self.recipients: set[str] = set()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.accepted += 1
        self.recipients.update(envelope.rcpt_tos)
        self.last = time.time()
        return "250 Message accepted"


def children(pid: int) -> list[int]:
    """The process's children, as the kernel lists them for each of its threads."""
    found: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(child) for child in (task / "children").read_text().split()]
    except OSError:
        pass
    return found


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _peak_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class MemoryWatch(threading.Thread):
    """Samples the peak resident memory of a process and its children until stopped."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peaks: dict[int, int] = {}
        self.cpu: dict[int, float] = {}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.2):
            self.sample()

    def sample(self) -> None:
        for pid in [self.pid, *children(self.pid)]:
            peak = _peak_kb(pid)
            if peak:
                self.peaks[pid] = max(self.peaks.get(pid, 0), peak)
                self.cpu[pid] = max(self.cpu.get(pid, 0.0), _cpu_seconds(pid))

    def processes(self) -> list[dict[str, Any]]:
        """Each process now (VmRSS) and at its peak (VmHWM), in MB: the main one, then the pool."""
        found = []
        for pid in [self.pid, *children(self.pid)]:
            rss = 0
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        rss = int(line.split()[1])
            except OSError:
                continue
            found.append(
                {
                    "process": "main" if pid == self.pid else "pool",
                    "rss_mb": round(rss / 1024, 1),
                    "peak_mb": round(max(self.peaks.get(pid, 0), _peak_kb(pid)) / 1024, 1),
                }
            )
        return found

    @property
    def total_mb(self) -> float:
        return round(sum(self.peaks.values()) / 1024, 1)

    @property
    def cpu_seconds(self) -> float:
        return round(sum(self.cpu.values()), 1)


def _wait(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.05)


# --- The run ----------------------------------------------------------------------------------


def main() -> int:
    from aiosmtpd.controller import Controller

    counter = Counter()
    smtp_port = _free_port()
    env = _env(smtp_port)
    log(f"digest: preparing {DIGEST_PG.rsplit('/', 1)[1]} with {MEMBERS} members")
    recreate_database(DIGEST_PG)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    from config.celery import app
    from config.celery_worker import start_worker
    from notifications.models import OutgoingEmail, Status

    populate(MEMBERS)
    connection.close()

    controller = Controller(counter, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    app.control.purge()
    worker = start_worker(
        env=env, pool="prefork", concurrency=os.cpu_count() or 1, own_session=True
    )
    watch = MemoryWatch(worker.pid)
    try:
        watch.sample()
        cpu_before = watch.cpu_seconds
        watch.start()
        log("digest: queueing the beat task forum.tasks.digests_enqueue")
        own_cpu = time.process_time()
        started = time.time()
        app.send_task("forum.tasks.digests_enqueue")
        _wait(lambda: counter.accepted >= MEMBERS, TIMEOUT, f"{MEMBERS} messages")
        seconds = counter.last - started
        own_cpu = time.process_time() - own_cpu
        _wait(
            lambda: not OutgoingEmail.objects.exclude(status=Status.SENT).exists(),
            60,
            "every row to be marked sent",
        )
        watch.sample()
        processes = watch.processes()
        last_written = OutgoingEmail.objects.order_by("-created").values_list("created", flat=True)[
            0
        ]
        written_seconds = last_written.timestamp() - started
    finally:
        watch.done.set()
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
        controller.stop()
        app.control.purge()
    figures = {
        "members": MEMBERS,
        "seconds": round(seconds, 2),
        "per_second": round(MEMBERS / seconds, 1),
        "worker_peak_mb": watch.total_mb,
        "written_seconds": round(written_seconds, 2),
        "worker_cpu_seconds": round(watch.cpu_seconds - cpu_before, 1),
        "worker_memory": {"processes": processes},
    }
    duplicates = counter.accepted - len(counter.recipients)
    log(
        f"digest: {figures}; {duplicates} duplicate deliveries; this process (the SMTP server) "
        f"used {own_cpu:.1f} s of processor time"
    )
    print(json.dumps(figures))
    return 0


def measure() -> dict[str, Any]:
    """Run this module in a process of its own (for ``bench/run.py``) and return its figures."""
    log(f"digest: measuring the digest fan-out to {MEMBERS} members")
    output = subprocess.run(
        [sys.executable, str(Path(__file__).resolve())],
        cwd=ROOT,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def markdown(figures: dict[str, Any]) -> list[str]:
    return [
        "",
        f"digest: {figures['members']:,} members in {figures['seconds']} s "
        f"({figures['per_second']}/s; outbox written after {figures['written_seconds']} s), "
        f"worker peak {figures['worker_peak_mb']} MB, worker CPU "
        f"{figures['worker_cpu_seconds']} s.",
    ]


if __name__ == "__main__":
    sys.exit(main())
