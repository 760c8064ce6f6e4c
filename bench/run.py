"""`make bench`: the portal's pages beside the floor of the same stack, measured in one run.

Serves the portal with gunicorn and the production settings (DEBUG=0) on PostgreSQL and Redis,
drives each page with wrk from loopback, and counts each page's SQL queries at 10 and at 1,000
rows. Two floors are measured in the same run: ``floor_django``, a Django project with no
middleware and one view returning bytes (bench/floor_django.py, served the same way), and
``floor_stack``, the same view behind the portal's whole middleware stack. Each gunicorn
worker's resident memory is read after the run. Writes bench/results/latest.{json,md} and a
dated copy. BENCH_QUICK=1 runs short.

BENCH_PAGES=home,meeting_signed_in measures only those pages (a name alone: anonymous and
signed in; ``_signed_in``: signed in only) beside both floors, on the seeded database, and
skips search, load, query counts and the digest; it writes a dated ``…-pages.json`` only, never
latest.

Every load figure is the median of REPEATS runs, with the minimum and maximum beside it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import digest  # bench/digest.py
import load
import search as search_bench  # bench/search.py
from benchdb import database_name, recreate_database, session_cookie
from support import QUICK, ROOT, log

RESULTS = ROOT / "bench" / "results"
REPEATS = 3
SECONDS = 1 if QUICK else 10  # quick: under five minutes in all
SECONDS_C1 = 1 if QUICK else 5
CONNECTIONS = 32
# As in production (config/gunicorn.py): WEB_CONCURRENCY processes, cores + 1 unless set.
WORKERS = int(os.environ.get("WEB_CONCURRENCY") or (os.cpu_count() or 1) + 1)

PG = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")
QUERIES_PG = PG + "_queries"
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")
PAGES = [name.strip() for name in os.environ.get("BENCH_PAGES", "").split(",") if name.strip()]
FLOORS = ("floor_django", "floor_stack")
WEB_WORKER_GOAL_MB = 150


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(database_url: str, var_dir: Path) -> dict[str, str]:
    passed = {"PATH", "HOME", "LANG", "GUNICORN_THREADS", "GUNICORN_PRELOAD", "SHED_QUEUE_MS"}
    keep = {k: v for k, v in os.environ.items() if k in passed}
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "BENCH": "1",
        "SECRET_KEY": "bench-only-" + "k" * 60,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SITE_URL": "http://127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS,
        "CELERY_TASK_ALWAYS_EAGER": "1",
        "EMAIL_URL": "consolemail://",
        "VAR_DIR": str(var_dir),
        "LOG_LEVEL": "WARNING",
    }


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


# --- The pages ------------------------------------------------------------------------------


def _page_paths() -> dict[str, str]:
    """Paths of the measured pages in the seeded database (Django is set up by the caller)."""
    from django.urls import NoReverseMatch, reverse

    from commitments.models import Framework
    from forum.models import Body, Meeting

    paths = {
        "floor_stack": "/bench/floor/",
        "static": "/static/css/portal.css",
        "home": reverse("home"),
        "alliance_stats": reverse("alliance:statistics"),
    }
    body = Body.objects.filter(meetings__isnull=False).order_by("pk").first()
    if body:
        paths["meetings"] = body.get_absolute_url()
    meeting = Meeting.objects.public().upcoming().first() or Meeting.objects.public().first()
    if meeting:
        paths["meeting"] = meeting.get_absolute_url()
    framework = Framework.objects.order_by("pk").first()
    if framework:
        paths["commitments_dashboard"] = reverse("commitments:dashboard", args=[framework.slug])
    try:
        from knowledge.models import Practice

        practice = Practice.objects.published().order_by("pk").first()
        library = reverse("knowledge:index")
        paths["library_search"] = library + "?q=energy&type=guide&theme=eco-efficiency"
        if practice:
            paths["practice"] = practice.get_absolute_url()
    except (ImportError, NoReverseMatch, AttributeError):
        pass  # the knowledge centre is not in this build
    return paths


SIGNED_IN_PAGES = {
    "home",
    "alliance_stats",
    "meetings",
    "meeting",
    "commitments_dashboard",
    "library_search",
    "practice",
}


def _session_cookie() -> str:
    """A signed-in session for a demo member, as a Cookie header."""
    from accounts.models import User

    return session_cookie(User.objects.get(email="alice@example.org"))


def _wrk(url: str, *, connections: int, seconds: int, cookie: str | None) -> dict[str, Any]:
    command = [
        "wrk",
        f"-t{min(connections, 2)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(ROOT / "bench" / "report.lua"),
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    figures = json.loads(output.strip().splitlines()[-1])
    seconds = figures["duration_us"] / 1e6
    # Only successful answers count: a shed request's fast 503 is not a page served.
    figures["rps"] = max(0, figures["requests"] - figures["errors"]) / seconds
    figures["answered_rps"] = figures["requests"] / seconds
    return figures


def _median(runs: list[dict[str, Any]], key: str, scale: float = 1.0) -> dict[str, float]:
    values = [run[key] / scale for run in runs]
    return {
        "median": round(statistics.median(values), 2),
        "min": round(min(values), 2),
        "max": round(max(values), 2),
    }


def measure(base: str, path: str, cookie: str | None) -> dict[str, Any]:
    url = base + path
    with urllib.request.urlopen(
        urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {}),
        timeout=30,
    ) as response:
        assert response.status == 200, (path, response.status)
    wide = [
        _wrk(url, connections=CONNECTIONS, seconds=SECONDS, cookie=cookie) for _ in range(REPEATS)
    ]
    one = [_wrk(url, connections=1, seconds=SECONDS_C1, cookie=cookie) for _ in range(REPEATS)]
    rps = _median(wide, "rps")
    return {
        "rps": rps["median"],
        "rps_range": [rps["min"], rps["max"]],
        "answered_rps": _median(wide, "answered_rps")["median"],
        "p50_ms": _median(wide, "p50", 1000)["median"],
        "p95_ms": _median(wide, "p95", 1000)["median"],
        "p95_ms_range": [_median(wide, "p95", 1000)["min"], _median(wide, "p95", 1000)["max"]],
        "p99_ms": _median(wide, "p99", 1000)["median"],
        "c1_p50_ms": _median(one, "p50", 1000)["median"],
        "c1_p99_ms": _median(one, "p99", 1000)["median"],
        "errors": sum(run["errors"] for run in wide + one),
    }


def _serve(app: str, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    """gunicorn with config/gunicorn.py serving ``app``, once it answers the floor's path."""
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            app,
            "-c",
            "config/gunicorn.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,  # the console mail of the load test's registrations
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/bench/floor/", timeout=2)
            return server, base
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                _stop(server)
                raise
            time.sleep(0.3)


def _stop(server: subprocess.Popen) -> None:
    try:
        os.killpg(server.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    server.wait(timeout=30)


def _memory_of(pid: int) -> dict[str, float]:
    """Resident memory now (VmRSS) and at its peak (VmHWM) of one process, in MB, and its
    proportional share (Pss: each page shared with other processes counts for its share only,
    as the workers forked from a preloading master share what the master loaded)."""
    figures = {"rss_mb": 0.0, "peak_mb": 0.0, "pss_mb": 0.0}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                figures["rss_mb"] = round(int(line.split()[1]) / 1024, 1)
            elif line.startswith("VmHWM:"):
                figures["peak_mb"] = round(int(line.split()[1]) / 1024, 1)
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                figures["pss_mb"] = round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return figures


def web_memory(server: subprocess.Popen) -> dict[str, Any]:
    """Each gunicorn worker's resident memory (and the master's), read before it stops."""
    workers = [_memory_of(pid) for pid in digest.children(server.pid)]
    return {
        "master": _memory_of(server.pid),
        "workers": workers,
        "worker_max_rss_mb": max((w["rss_mb"] for w in workers), default=0.0),
        "worker_max_peak_mb": max((w["peak_mb"] for w in workers), default=0.0),
        "worker_max_pss_mb": max((w.get("pss_mb", 0.0) for w in workers), default=0.0),
    }


def _wanted(paths: dict[str, str]) -> list[tuple[str, str, str | None]]:
    """(result name, path, "signed in" or None) of every measurement, in order; BENCH_PAGES
    narrows them (the floors are always measured)."""
    runs: list[tuple[str, str, str | None]] = []
    for name, path in paths.items():
        for signed_in in (False, True):
            if signed_in and name not in SIGNED_IN_PAGES:
                continue
            key = f"{name}_signed_in" if signed_in else name
            if PAGES and name not in FLOORS and name not in PAGES and key not in PAGES:
                continue
            runs.append((key, path, "signed in" if signed_in else None))
    return runs


# --- Queries per page -------------------------------------------------------------------------


def _query_growers() -> dict[str, tuple[Callable[[], str], Callable[[int], None]]]:
    """For each page: (path, add_rows(n)). bench/rows.py makes the rows."""
    import rows  # bench/rows.py, once Django is set up
    from django.urls import reverse

    from forum.models import Visibility
    from knowledge.models import Practice
    from releases.services import release_publish

    state: dict[str, Any] = {}

    def body():
        if "body" not in state:
            state["body"] = rows.body("Bench forum")
            state["meeting"] = rows.meeting(state["body"], visibility=Visibility.PUBLIC)
        return state["body"]

    def add_supporters(n: int) -> None:
        rows.supporters(n)
        release_publish()

    def add_meetings(n: int) -> None:
        for _ in range(n):
            rows.meeting(body(), visibility=Visibility.PUBLIC)

    def add_members(n: int) -> None:
        for _ in range(n):
            rows.member(body())

    def framework():
        if "framework" not in state:
            from commitments.demo import framework_load

            state["framework"] = framework_load()
        return state["framework"]

    def add_pledges(n: int) -> None:
        for _ in range(n):
            rows.pledge(framework(), "1.1")

    def add_organisations(n: int) -> None:
        for _ in range(n):
            rows.membership()

    def add_practices(n: int) -> None:
        for _ in range(n):
            rows.practice(themes=["eco-efficiency"])

    def first_practice() -> str:
        return Practice.objects.published().order_by("pk").first().get_absolute_url()

    return {
        "home": (lambda: reverse("home"), add_organisations),
        "alliance_stats": (lambda: reverse("alliance:statistics"), add_supporters),
        "meetings": (lambda: body().get_absolute_url(), add_meetings),
        "meeting": (lambda: (body(), state["meeting"])[1].get_absolute_url(), add_members),
        "commitments_dashboard": (
            lambda: reverse("commitments:dashboard", args=[framework().slug]),
            add_pledges,
        ),
        "library_search": (
            lambda: reverse("knowledge:index") + "?q=practice&type=guide&theme=eco-efficiency",
            add_practices,
        ),
        "practice": (first_practice, add_practices),
    }


def count_queries() -> dict[str, dict[str, int]]:
    """Run in a fresh, unseeded database: queries at 10 rows, then at 1,000."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    # The queries of rendering a page, not of serving it from the page cache.
    settings.PAGE_CACHE_SECONDS = 0
    client = Client()
    counts: dict[str, dict[str, int]] = {}
    for name, (path_of, grow) in _query_growers().items():
        figures = {}
        total = 0
        for rows in (10, 1000):
            grow(rows - total)
            total = rows
            path = path_of()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            assert response.status_code == 200, (name, path, response.status_code)
            figures[f"queries_{rows}"] = len(queries)
        counts[name] = figures
        log(f"queries {name}: {figures}")
    return counts


# --- The run ----------------------------------------------------------------------------------


def _machine() -> str:
    cpu = "unknown cpu"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, {cpu}, "
        f"Python {platform.python_version()}"
    )


def _markdown(result: dict[str, Any]) -> str:
    lines = [
        f"# Benchmark {result['date']}{' (quick)' if result['quick'] else ''}",
        "",
        f"Machine: {result['machine']}. gunicorn {WORKERS} threaded workers (config/gunicorn.py), "
        f"DEBUG=0, wrk at {CONNECTIONS} and 1 connections, median of {REPEATS} runs.",
        "",
        "× stack floor: the page's req/s over `floor_stack`'s (the floor view behind the "
        "portal's middleware); × Django floor: over `floor_django`'s (no middleware at all).",
        "",
        "| page | req/s | × stack floor | × Django floor | p50 ms | p95 ms | p99 ms | 1 conn p50 "
        "| 1 conn p99 | errors | queries at 10 | at 1,000 |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, page in result["pages"].items():
        lines.append(
            f"| {name} | {page['rps']:.0f} | {page['ratio_to_floor']:.3f} "
            f"| {page['ratio_to_django_floor']:.3f} | {page['p50_ms']} "
            f"| {page['p95_ms']} | {page['p99_ms']} | {page['c1_p50_ms']} | {page['c1_p99_ms']} "
            f"| {page['errors']} | {page.get('queries_10', '–')} "
            f"| {page.get('queries_1000', '–')} |"
        )
    lines += _memory_markdown(result.get("memory", {}))
    if result.get("pages_only"):
        return "\n".join(lines) + "\n"
    lines += load.markdown(result.get("load", {}))
    for section in ("search", "digest"):
        if not result.get(section):
            lines += ["", f"{section}: not measured in this build."]
    if result.get("search"):
        lines += search_bench.markdown(result["search"])
        lines += search_bench.markdown_sqlite(result.get("search_sqlite", {}), result["search"])
    if result.get("digest"):
        lines += digest.markdown(result["digest"])
    return "\n".join(lines) + "\n"


def _memory_markdown(memory: dict[str, Any]) -> list[str]:
    if not memory.get("web"):
        return []
    web = memory["web"]
    lines = [
        "",
        "Memory after the run (MB, resident now / peak / proportional share): gunicorn workers "
        + ", ".join(f"{w['rss_mb']} / {w['peak_mb']} / {w['pss_mb']}" for w in web["workers"])
        + f" (goal: under {WEB_WORKER_GOAL_MB}); master {web['master']['rss_mb']}"
        + f" / {web['master']['pss_mb']}",
    ]
    if memory.get("floor_django"):
        lines[-1] += "; the Django floor's workers " + ", ".join(
            f"{w['rss_mb']}" for w in memory["floor_django"]["workers"]
        )
    celery = memory.get("celery") or {}
    if celery.get("processes"):
        lines[-1] += "; Celery worker (after the digest / peak during it) " + ", ".join(
            f"{p['process']} {p['rss_mb']} / {p['peak_mb']}" for p in celery["processes"]
        )
    lines[-1] += "."
    return lines


def main() -> int:
    if not shutil.which("wrk"):
        print("error: wrk is missing (Debian: apt-get install wrk)", file=sys.stderr)
        return 1
    started = time.monotonic()
    var_dir = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    env = _env(PG, var_dir)
    log("preparing the database (migrate, seed_demo, collectstatic)")
    recreate_database(PG)
    _manage(env, "migrate", "--noinput")
    _manage(env, "seed_demo")
    _manage(env, "collectstatic", "--noinput")

    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    # Grows the bench database to 100k generated practices (10k when quick): the pages below
    # run against them.
    search_figures: dict[str, Any] = {}
    sqlite_figures: dict[str, Any] = {}
    if not PAGES:
        search_figures = search_bench.run(PG)
        # The SQLite engine (make run's) at 10k, on a copy of the first 10k generated practices.
        sqlite_figures = search_bench.run_sqlite(PG)
    paths = _page_paths()
    cookie = _session_cookie()
    pages: dict[str, dict[str, Any]] = {}
    memory: dict[str, Any] = {}

    # The Django floor first, on a server of its own, stopped before the portal's starts.
    server, base = _serve(
        "bench.floor_django:application", {**env, "DJANGO_SETTINGS_MODULE": "bench.floor_django"}
    )
    try:
        log("measuring floor_django (a Django project with no middleware)")
        pages["floor_django"] = measure(base, "/bench/floor/", None)
        memory["floor_django"] = web_memory(server)
    finally:
        _stop(server)

    server, base = _serve("config.wsgi:application", env)
    load_figures: dict[str, Any] = {}
    try:
        for key, path, signed_in in _wanted(paths):
            log(f"measuring {key} ({path})")
            pages[key] = measure(base, path, cookie if signed_in else None)
        if not PAGES:
            log("load: virtual users in steps, the knee, overload and recovery")
            load_figures = load.measure(base, paths)
        memory["web"] = web_memory(server)
    finally:
        _stop(server)
    log(f"memory of the web workers: {memory['web']}")

    stack_floor = pages["floor_stack"]["rps"]
    django_floor = pages["floor_django"]["rps"]
    for page in pages.values():
        page["ratio_to_floor"] = round(page["rps"] / stack_floor, 4) if stack_floor else 0.0
        page["ratio_to_django_floor"] = (
            round(page["rps"] / django_floor, 4) if django_floor else 0.0
        )
    if PAGES:
        return _write_pages_only(pages, memory, started, var_dir)

    log("counting queries at 10 and 1,000 rows")
    from django.db import connections

    connections.close_all()
    recreate_database(QUERIES_PG)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env={**env, "DATABASE_URL": QUERIES_PG},
        check=True,
        stdout=subprocess.DEVNULL,
    )
    from django.conf import settings

    settings.DATABASES["default"]["NAME"] = database_name(QUERIES_PG)
    connections.close_all()
    for name, figures in count_queries().items():
        for key in (name, f"{name}_signed_in"):
            if key in pages:
                pages[key].update(figures)

    digest_figures = digest.measure()
    memory["celery"] = digest_figures.get("worker_memory", {})

    result = {
        "machine": _machine(),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "quick": QUICK,
        "seconds": round(time.monotonic() - started),
        "pages": pages,
        "search": search_figures,
        "search_sqlite": sqlite_figures,
        "digest": digest_figures,
        "load": load_figures,
        "memory": memory,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H%M")
    text = json.dumps(result, indent=2)
    for name in ("latest.json", f"{stamp}{'-quick' if QUICK else ''}.json"):
        (RESULTS / name).write_text(text)
    markdown = _markdown(result)
    (RESULTS / "latest.md").write_text(markdown)
    print(markdown)
    shutil.rmtree(var_dir, ignore_errors=True)
    return 0


def _write_pages_only(
    pages: dict[str, dict[str, Any]], memory: dict[str, Any], started: float, var_dir: Path
) -> int:
    result = {
        "machine": _machine(),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "quick": QUICK,
        "pages_only": PAGES,
        "load_average": os.getloadavg(),
        "seconds": round(time.monotonic() - started),
        "pages": pages,
        "memory": memory,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H%M")
    (RESULTS / f"{stamp}{'-quick' if QUICK else ''}-pages.json").write_text(
        json.dumps(result, indent=2)
    )
    print(_markdown(result))
    shutil.rmtree(var_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
