"""The `make run` configuration — SQLite, eager tasks, file email, no services — migrates, seeds
and serves the home page with demo content."""

import os
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.integration.conftest import free_port
from tests.utils import manage_in, runserver

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def test_make_run_configuration_migrates_seeds_and_serves(tmp_path):
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    env = {**keep, "DJANGO_SETTINGS_MODULE": "config.settings", "VAR_DIR": str(tmp_path)}

    def manage(*args: str) -> str:
        return manage_in(env, *args)

    manage("compilemessages", "--ignore=.venv", "--ignore=node_modules", "--ignore=var")
    for language in ("nl", "fr", "de"):
        assert (ROOT / "locale" / language / "LC_MESSAGES" / "django.mo").exists()
    manage("migrate", "--noinput")
    seeded = manage("seed_demo")
    assert "alice@example.org" in seeded
    assert (tmp_path / "db.sqlite3").exists()

    port = free_port()
    server = runserver(env, port, output=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    status, html = response.status, response.read().decode()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/css/portal.css") as css:
            assert css.status == 200
    finally:
        server.terminate()
        server.wait(timeout=20)

    assert status == 200
    assert "Responsible business, made practical" in html
    assert (
        "Sustainable innovation and entrepreneurship" in html
    )  # the shared vocabulary is in place
