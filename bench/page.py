"""One page at one connection, as `make bench` measures it, against the database DATABASE_URL
already holds (the kept 100k library, or a copy): what a change to a page is measured with,
without the whole bench.

    DATABASE_URL=… python bench/page.py library_search [runs]

Serves the portal with gunicorn and config/gunicorn.py (DEBUG=0, Redis from BENCH_REDIS_URL),
signs in a demo member (seed_demo's) and runs wrk at one connection for SECONDS_C1 seconds,
``runs`` times (3 by default); prints each run's p50 and p99 and their medians, as JSON.
"""

from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import REDIS, SECONDS_C1, _env, _free_port, _manage, _session_cookie, _wrk
from support import ROOT, log


def main() -> int:
    name = sys.argv[1] if len(sys.argv) > 1 else "library_search"
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    env = _env(os.environ["DATABASE_URL"], Path(tempfile.mkdtemp(prefix="portal-bench-")))
    env["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", REDIS)
    log("collecting static files (the production settings serve them from a manifest)")
    _manage(env, "collectstatic", "--noinput")
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.urls import reverse

    # The library search as bench/run.py measures it; any other name is a URL name.
    if name == "library_search":
        path = reverse("knowledge:index") + "?q=energy&type=guide&theme=eco-efficiency"
    else:
        path = reverse(name)
    cookie = _session_cookie()
    port = _free_port()
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "config.wsgi:application", "-c"),
            *("config/gunicorn.py", "--bind", f"127.0.0.1:{port}", "--workers", "2"),
            *("--log-level", "warning"),
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
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
        request = urllib.request.Request(base + path, headers={"Cookie": cookie})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 200, response.status
        log(f"measuring {name} signed in at one connection ({path})")
        one = [
            _wrk(base + path, connections=1, seconds=SECONDS_C1, cookie=cookie) for _ in range(runs)
        ]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    figures = {
        "runs": [{"p50_ms": r["p50"] / 1000, "p99_ms": r["p99"] / 1000} for r in one],
        "c1_p50_ms": round(statistics.median(r["p50"] for r in one) / 1000, 1),
        "c1_p99_ms": round(statistics.median(r["p99"] for r in one) / 1000, 1),
    }
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
