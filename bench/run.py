"""`make bench`: the portal's pages beside the floor of the same stack, measured in one run.

Serves the portal with gunicorn and the production settings (DEBUG=0) on PostgreSQL and Redis,
drives each page with wrk from loopback, and counts each page's SQL queries at 10 and at 1,000
rows. Writes bench/results/latest.{json,md} and a dated copy. BENCH_QUICK=1 runs short.

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
WORKERS = (os.cpu_count() or 1) + 1

PG = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")
QUERIES_PG = PG + "_queries"
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(database_url: str, var_dir: Path) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
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
        "floor": "/bench/floor/",
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
        "| page | req/s | × floor | p50 ms | p95 ms | p99 ms | 1 conn p50 | 1 conn p99 | errors "
        "| queries at 10 | at 1,000 |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, page in result["pages"].items():
        lines.append(
            f"| {name} | {page['rps']:.0f} | {page['ratio_to_floor']:.3f} | {page['p50_ms']} "
            f"| {page['p95_ms']} | {page['p99_ms']} | {page['c1_p50_ms']} | {page['c1_p99_ms']} "
            f"| {page['errors']} | {page.get('queries_10', '–')} "
            f"| {page.get('queries_1000', '–')} |"
        )
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
    search_figures = search_bench.run(PG)
    # The SQLite engine (make run's) at 10k, on a copy of the first 10k generated practices.
    sqlite_figures = search_bench.run_sqlite(PG)
    paths = _page_paths()
    cookie = _session_cookie()

    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
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
    pages: dict[str, dict[str, Any]] = {}
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/bench/floor/", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        for name, path in paths.items():
            log(f"measuring {name} ({path})")
            pages[name] = measure(base, path, None)
            if name in SIGNED_IN_PAGES:
                pages[f"{name}_signed_in"] = measure(base, path, cookie)
        log("load: virtual users in steps, the knee, overload and recovery")
        load_figures = load.measure(base, paths)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    floor = pages["floor"]["rps"]
    for page in pages.values():
        page["ratio_to_floor"] = round(page["rps"] / floor, 4) if floor else 0.0

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


if __name__ == "__main__":
    sys.exit(main())
