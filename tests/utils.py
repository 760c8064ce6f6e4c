import os
import subprocess
import sys
from pathlib import Path

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def queries_for(client: Client, url: str) -> int:
    """How many SQL queries one successful GET of ``url`` takes."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(queries)


def get_observed(client: Client, url: str, **extra: object):
    """GET ``url``; the response's ``from_cache`` says whether the page cache answered it. No
    header tells (that would tell outsiders too): a page served from the cache costs no
    database query, and the cache holds it."""
    # Some pages make no query on this connection when rendered either (the login form, the
    # health check's threads, pages whose parts come from pagecache.remember): the cache must
    # have held the page before the request too.
    stored = page_stored(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    response.from_cache = not queries.captured_queries and stored
    return response


def page_stored(url: str) -> bool:
    """Whether the page cache holds a page for ``url``."""
    from django.core.cache import cache
    from django.test import RequestFactory

    import pagecache

    return cache.get(pagecache._key(RequestFactory().get(url))) is not None


def without_noise(monkeypatch) -> None:
    """Take the noise out of releases, for tests of the plumbing (what is counted, stored and
    shown), never of the privacy."""
    from stats import privacy

    monkeypatch.setattr(privacy, "laplace", lambda values, *, scale: [int(v) for v in values])


ROOT = Path(__file__).resolve().parents[1]


def manage_in(env: dict[str, str], *args: str) -> str:
    """Run ``manage.py`` in a process of its own with ``env``; its output, failing loudly."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def runserver(env: dict[str, str], port: int, *, output: int | None) -> subprocess.Popen:
    """``manage.py runserver`` on 127.0.0.1:``port`` in a process of its own with ``env``,
    without the autoreloader; ``output`` is where its output goes (``subprocess.PIPE`` to read
    it, ``subprocess.DEVNULL`` to drop it)."""
    return subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT,
    )


# The environment of a production-like process: what `settings` must accept without a warning.
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k" * 20 + "-production-like-secret-" + "x" * 20,
    "ALLOWED_HOSTS": "portal.example.org",
    "SITE_URL": "https://portal.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/portal",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.org:587",
}


def clean_env(**extra: str) -> dict[str, str]:
    """An environment with none of this machine's settings in it, plus ``extra``."""
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "TMPDIR"}}
    return {**keep, "DJANGO_SETTINGS_MODULE": "config.settings", **extra}


def settings_in_subprocess(values: str, **extra: str) -> subprocess.CompletedProcess:
    """Load the settings in a process of its own with ``clean_env(**extra)`` and print
    ``values``, a Python expression over the settings ``s``, as JSON."""
    code = (
        "import json, django; django.setup(); from django.conf import settings as s;"
        f"print(json.dumps({values}))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean_env(**extra),
        capture_output=True,
        text=True,
        timeout=60,
    )
