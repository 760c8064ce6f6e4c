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
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    # Some pages make no query on this connection when rendered either (the login form, the
    # health check's threads): the cache must hold the page too.
    response.from_cache = not queries.captured_queries and page_stored(url)
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
