"""Where a signed-in request's time goes: ``python bench/requests_profile.py [page …]``.

Run against a migrated and seeded database with the production settings (``DEBUG=0``, Redis
cache), as `make bench` serves them; the pages are bench/run.py's (``home``, ``meetings``,
``meeting``, ``commitments_dashboard``, ``practice``, …), requested as the demo member
``alice@example.org`` through Django's WSGI handler, in this process, without a server.

For each page, after a warm-up, ``REQUESTS`` requests (``BENCH_PROFILE_REQUESTS``, 200):

- wall-clock time of every middleware on its own (a timer between each pair of the stack: the
  work a middleware does before and after the rest of the stack), the view with its template,
  and, measured inside it, the time in SQL (``connection.execute_wrapper``);
- then the same requests under cProfile, for the cumulative time of the pieces that run
  inside the middleware or the view: loading the session, loading the user, the context
  processors, rendering templates, reading the cache.

``--pyinstrument`` prints pyinstrument's call tree of one page's requests as well (it is in
requirements/dev.txt). Figures are per request, in milliseconds.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from support import ROOT

REQUESTS = int(os.environ.get("BENCH_PROFILE_REQUESTS", "200"))
WARM_UP = 20

# cProfile entries (file suffix, function name) whose cumulative time is reported, by piece.
PIECES: dict[str, list[tuple[str, str]]] = {
    "session load": [("sessions/backends/cached_db.py", "load")],
    "session save": [("sessions/backends/cached_db.py", "save")],
    # The user, with the session it is read from (loaded on first use, here).
    "user load": [("contrib/auth/__init__.py", "get_user")],
    "context processors": [
        ("template/context_processors.py", "debug"),
        ("template/context_processors.py", "i18n"),
        ("template/context_processors.py", "tz"),
        ("template/context_processors.py", "request"),
        ("auth/context_processors.py", "auth"),
        ("messages/context_processors.py", "messages"),
        ("csp/context_processors.py", "nonce"),
        ("portal/context_processors.py", "languages"),
        ("portal/context_processors.py", "contact"),
    ],
    "templates (render)": [("template/backends/django.py", "render")],
    # The portal's cache (config/cache.py) wraps Django's: counted once, at its own methods.
    "cache reads": [("config/cache.py", "get"), ("config/cache.py", "get_many")],
}


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


class _Clock:
    """Entry and exit times of each timer in the stack, for one request."""

    def __init__(self) -> None:
        self.entered: dict[int, float] = {}
        self.left: dict[int, float] = {}


CLOCK = _Clock()


def _timer(index: int) -> Callable[[Callable[[Any], Any]], Callable[[Any], Any]]:
    def middleware(get_response: Callable[[Any], Any]) -> Callable[[Any], Any]:
        def timed(request: Any) -> Any:
            CLOCK.entered[index] = time.perf_counter()
            try:
                return get_response(request)
            finally:
                CLOCK.left[index] = time.perf_counter()

        return timed

    return middleware


@contextmanager
def _timed_stack() -> Iterator[list[str]]:
    """The settings' middleware with a timer before each one and before the view."""
    from django.conf import settings

    original = list(settings.MIDDLEWARE)
    module = sys.modules[__name__]
    stack: list[str] = []
    for index, name in enumerate([*original, "view"]):
        setattr(module, f"timer_{index}", _timer(index))
        stack.append(f"{__name__}.timer_{index}")
        if name != "view":
            stack.append(name)
    settings.MIDDLEWARE = stack
    try:
        yield [*original, "view"]
    finally:
        settings.MIDDLEWARE = original


def _environ(path: str, cookie: str) -> dict[str, Any]:
    from django.test.client import RequestFactory

    # A page with a query string (the library search) carries it apart from the path.
    path, _sep, query = path.partition("?")
    return RequestFactory()._base_environ(
        PATH_INFO=path,
        QUERY_STRING=query,
        REQUEST_METHOD="GET",
        HTTP_COOKIE=cookie,
        SERVER_NAME="127.0.0.1",
    )


def _call(handler: Any, path: str, cookie: str) -> int:
    status: list[str] = []

    def start_response(code: str, headers: list, exc_info: Any = None) -> None:
        status.append(code)

    response = handler(_environ(path, cookie), start_response)
    b"".join(response)
    response.close()
    return int(status[0].split()[0])


def profile(name: str, path: str, cookie: str, *, pyinstrument: bool = False) -> dict[str, Any]:
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection

    sql = [0.0]

    def count_sql(execute: Any, query: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(query, params, many, context)
        finally:
            sql[0] += time.perf_counter() - started

    with _timed_stack() as names:
        handler = WSGIHandler()
        for _ in range(WARM_UP):
            assert _call(handler, path, cookie) == 200, (name, path)
        own: dict[str, list[float]] = defaultdict(list)
        totals: list[float] = []
        cpu: list[float] = []
        sql_times: list[float] = []
        with connection.execute_wrapper(count_sql):
            for _ in range(REQUESTS):
                sql[0] = 0.0
                CLOCK.entered.clear()
                CLOCK.left.clear()
                started = time.perf_counter()
                cpu_started = time.thread_time()
                _call(handler, path, cookie)
                totals.append(time.perf_counter() - started)
                cpu.append(time.thread_time() - cpu_started)
                sql_times.append(sql[0])
                last = len(names) - 1
                for index, label in enumerate(names):
                    inner = index + 1
                    if index == last:
                        spent = CLOCK.left[index] - CLOCK.entered[index]
                    elif inner in CLOCK.entered:
                        spent = (CLOCK.entered[inner] - CLOCK.entered[index]) + (
                            CLOCK.left[index] - CLOCK.left[inner]
                        )
                    else:  # answered here, before the rest of the stack
                        spent = CLOCK.left[index] - CLOCK.entered[index]
                    own[label].append(spent)
    # Without the timers, under cProfile (slower; the shares are what count).
    handler = WSGIHandler()
    for _ in range(WARM_UP):
        _call(handler, path, cookie)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(REQUESTS):
        _call(handler, path, cookie)
    profiler.disable()
    stats = pstats.Stats(profiler)
    cumulative: dict[str, float] = {}
    total_profiled = 0.0
    for (filename, _line, function), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():
        if function == "__call__" and filename.endswith("core/handlers/wsgi.py"):
            total_profiled = max(total_profiled, ct)
        for piece, entries in PIECES.items():
            if any(filename.endswith(suffix) and function == f for suffix, f in entries):
                cumulative[piece] = cumulative.get(piece, 0.0) + ct
    if pyinstrument:
        from pyinstrument import Profiler

        tree = Profiler(interval=0.0002)
        with tree:
            for _ in range(REQUESTS):
                _call(handler, path, cookie)
        print(
            tree.output_text(
                unicode=True, color=False, show_all="--all" in sys.argv, timeline=False
            )
        )
    return {
        "page": name,
        "path": path,
        "p50_ms": round(statistics.median(totals) * 1000, 2),
        "mean_ms": round(statistics.fmean(totals) * 1000, 2),
        "cpu_ms": round(statistics.median(cpu) * 1000, 2),
        "sql_ms": round(statistics.fmean(sql_times) * 1000, 2),
        "own_ms": {label: round(statistics.fmean(v) * 1000, 3) for label, v in own.items()},
        "profiled_share": {
            piece: round(ct / total_profiled, 3) if total_profiled else 0.0
            for piece, ct in cumulative.items()
        },
    }


def report(result: dict[str, Any]) -> str:
    lines = [
        f"## {result['page']} ({result['path']}): p50 {result['p50_ms']} ms, "
        f"mean {result['mean_ms']} ms, this process's CPU {result['cpu_ms']} ms (p50), "
        f"SQL {result['sql_ms']} ms",
        "",
    ]
    for label, ms in sorted(result["own_ms"].items(), key=lambda item: -item[1]):
        lines.append(f"  {ms:7.3f} ms  {label.rsplit('.', 1)[-1]}")
    lines.append("  share of the request under cProfile (cumulative):")
    for piece, share in sorted(result["profiled_share"].items(), key=lambda item: -item[1]):
        lines.append(f"  {share * 100:6.1f} %   {piece}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    _setup()
    import run  # bench/run.py: the pages and the demo member's session

    wanted = [a for a in argv if not a.startswith("--")]
    paths = run._page_paths()
    cookie = run._session_cookie()
    for name in wanted or ["home", "meetings", "meeting", "commitments_dashboard", "practice"]:
        print(report(profile(name, paths[name], cookie, pyinstrument="--pyinstrument" in argv)))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
