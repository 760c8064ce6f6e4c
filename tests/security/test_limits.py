"""Limits that keep one request from holding the portal: PostgreSQL's statement_timeout on
every connection, and capped page sizes and page numbers on every listing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.knowledge.conftest import make_practice

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
HUGE = str(10**30)  # past PostgreSQL's bigint once multiplied into an OFFSET


def _with_production_settings(script: str, **env: str) -> str:
    """Run ``script`` in a process on config.settings (not the test settings, which leave the
    timeout out), with the environment read as in production; its output."""
    db = connection.settings_dict
    environment = {
        **{k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        **env,
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=25,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_every_connection_has_a_statement_timeout_of_15_seconds_by_default():
    script = (
        "from django.db import connection\n"
        "with connection.cursor() as cursor:\n"
        "    cursor.execute('SHOW statement_timeout')\n"
        "    print(cursor.fetchone()[0])\n"
    )
    assert _with_production_settings(script).strip() == "15s"
    assert _with_production_settings(script, DB_STATEMENT_TIMEOUT_MS="2500").strip() == "2500ms"


def test_a_runaway_query_is_cancelled_by_the_timeout():
    script = (
        "from django.db import connection, OperationalError\n"
        "try:\n"
        "    connection.cursor().execute('SELECT pg_sleep(30)')\n"
        "except OperationalError as exc:\n"
        "    print('cancelled:', exc)\n"
    )
    output = _with_production_settings(script, DB_STATEMENT_TIMEOUT_MS="200")

    assert "cancelled: canceling statement due to statement timeout" in output


def test_the_library_caps_the_page_size(client):
    for number in range(55):
        make_practice(title=f"Energy guide {number:02d}")

    response = client.get("/knowledge/", {"page_size": "100000"})

    assert response.status_code == 200
    assert response.context["params"].page_size == 50
    assert len(response.context["results"].practices) == 50


def test_the_api_refuses_a_page_size_over_the_cap(client):
    response = client.get("/api/v1/practices/", {"page_size": "100000"})

    assert response.status_code == 400
    assert "At most 50" in response.json()["errors"][0]


@pytest.mark.parametrize(
    "path",
    [
        "/knowledge/",
        "/api/v1/practices/",
        "/alliance/profiles/",
        "/knowledge/collections/",
        "/commitments/",
        "/forum/meetings/",
    ],
)
@pytest.mark.parametrize("page", [HUGE, "-1", "0", "x", "1e9", str(2**63)])
def test_a_huge_or_odd_page_number_is_never_a_server_error(client, path, page):
    client.raise_request_exception = False

    response = client.get(path, {"page": page, "page_size": HUGE})

    assert response.status_code in (200, 400, 404), response.status_code
