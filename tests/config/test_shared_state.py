"""State that every process must share lives outside them: without Redis, in the database.

gunicorn runs several processes on one machine, and several machines run the portal behind a
load balancer; a change made through one must show on the next request to any other. These
start real processes on the configuration without ``REDIS_URL`` (SQLite under ``VAR_DIR``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.utils import ROOT, manage_in

pytestmark = pytest.mark.slow


def _in_own_process(env: dict[str, str], code: str) -> object:
    """Run ``code`` (which sets ``result``) in a fresh Django process; what it set, as JSON."""
    script = f"import django, json; django.setup()\n{code}\nprint(json.dumps(result))"
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_without_redis_processes_share_the_cache_rate_limits_and_page_generations(tmp_path):
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    env = {**keep, "DJANGO_SETTINGS_MODULE": "config.settings", "VAR_DIR": str(tmp_path)}
    manage_in(env, "migrate", "--noinput")  # creates the cache's table too

    before = _in_own_process(
        env, "import pagecache; result = pagecache._generations(['knowledge'])['knowledge']"
    )
    # Another process changes the library, sets a value and counts a rate-limited attempt...
    _in_own_process(
        env,
        "import pagecache; from django.core.cache import cache\n"
        "from accounts.services import _counted_within\n"
        "pagecache._bump('knowledge'); cache.set('shared-state', 'from the other process')\n"
        "result = _counted_within('shared-state', limit=1, seconds=3600)",
    )
    # ...and a third sees all of it.
    after = _in_own_process(
        env,
        "import pagecache; from django.core.cache import cache\n"
        "from accounts.services import _counted_within\n"
        "result = [pagecache._generations(['knowledge'])['knowledge'], cache.get('shared-state'),"
        " _counted_within('shared-state', limit=1, seconds=3600)]",
    )
    # The same counter, moved on by one: a process of its own would start one from its clock.
    assert after[0] == before + 1
    assert after[1] == "from the other process"
    assert after[2] is False  # the second attempt of a limit of one, counted across processes
