"""Load shedding: a request that queued too long is answered 503 with Retry-After at once."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings as django_settings
from django.http import HttpResponse
from django.test import RequestFactory

from config.shedding import QUEUED_AT, LoadSheddingMiddleware
from tests.integration.conftest import free_port, gunicorn, serves, service_env, wait_for


def _middleware() -> LoadSheddingMiddleware:
    return LoadSheddingMiddleware(lambda request: HttpResponse("served"))


def _request(path: str = "/", *, queued_for: float | None = None):
    request = RequestFactory().get(path)
    if queued_for is not None:
        request.META[QUEUED_AT] = time.monotonic() - queued_for
    return request


def test_a_request_that_queued_too_long_is_answered_busy(settings):
    settings.SHED_QUEUE_MS = 500

    response = _middleware()(_request(queued_for=2.0))

    assert response.status_code == 503
    assert response["Retry-After"] == "2"
    assert response["Cache-Control"] == "no-store"
    assert "try again" in response.content.decode()


def test_a_request_served_in_time_goes_through(settings):
    settings.SHED_QUEUE_MS = 500

    assert _middleware()(_request(queued_for=0.01)).content == b"served"
    assert _middleware()(_request()).content == b"served"  # no gunicorn worker, no stamp


def test_the_health_check_is_never_shed(settings):
    settings.SHED_QUEUE_MS = 500

    assert _middleware()(_request("/health/", queued_for=5.0)).content == b"served"


def test_shedding_can_be_turned_off(settings):
    settings.SHED_QUEUE_MS = 0

    assert _middleware()(_request(queued_for=5.0)).content == b"served"


@pytest.mark.slow
def test_gunicorn_with_the_production_settings_sheds_instead_of_queueing(
    transactional_db, reference_data
):
    # One process with one thread and fifty requests at once for a page that is rendered each
    # time (a form): the first are served, those that waited over 100 ms are answered 503
    # - nothing else, and nothing waits for its turn for seconds.
    port = free_port()
    env = {
        **service_env(redis_url=django_settings.REDIS_URL, smtp_port=free_port()),
        "SHED_QUEUE_MS": "100",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "1",
    }
    server = gunicorn(env, port, production=True)

    def get(_: int) -> tuple[int, str | None]:
        try:
            url = f"http://127.0.0.1:{port}/accounts/login/"
            with urllib.request.urlopen(url, timeout=30) as response:
                return response.status, None
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Retry-After")

    try:
        wait_for(lambda: serves(f"http://127.0.0.1:{port}/"), timeout=30, what="gunicorn")
        with ThreadPoolExecutor(max_workers=50) as pool:
            answers = list(pool.map(get, range(100)))
    finally:
        server.terminate()
        server.wait(timeout=30)

    statuses = {status for status, _retry in answers}
    assert statuses <= {200, 503}
    assert 200 in statuses
    assert 503 in statuses
    assert all(retry == "2" for status, retry in answers if status == 503)
