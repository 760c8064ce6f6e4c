"""Redis stops while the portal serves pages and queues mail: pages keep working without
hanging, the mail waits in the outbox, and it goes out once Redis is back."""

from __future__ import annotations

import http.cookiejar
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest

from config.celery_worker import start_worker
from notifications.models import OutgoingEmail, Status
from tests.integration.conftest import ROOT, free_port, service_env, wait_for
from tests.utils import runserver

pytestmark = [pytest.mark.slow, pytest.mark.serial, pytest.mark.django_db(transaction=True)]


class Redis:
    def __init__(self, port: int) -> None:
        self.port = port
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import redis

        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)

        def up() -> bool:
            try:
                return bool(client.ping())
            except redis.RedisError:
                return False

        wait_for(up, timeout=15, what="redis-server to start")

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def private_redis() -> Iterator[Redis]:
    redis = Redis(free_port())
    redis.start()
    try:
        yield redis
    finally:
        redis.stop()


class Browser:
    """Just enough of a browser: cookies, and the CSRF token from forms."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
        )

    def get(self, path: str) -> tuple[int, str, float]:
        started = time.monotonic()
        with self.opener.open(self.base + path, timeout=15) as response:
            return response.status, response.read().decode(), time.monotonic() - started

    def post_form(self, path: str, data: dict[str, str]) -> tuple[int, float]:
        _, html, _ = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Referer": self.base + path}
        )
        started = time.monotonic()
        with self.opener.open(request, timeout=15) as response:
            return response.status, time.monotonic() - started


def test_pages_and_mail_survive_a_redis_outage(private_redis, smtp_sink, alice):
    sink, smtp_port = smtp_sink
    env = service_env(redis_url=f"redis://127.0.0.1:{private_redis.port}/0", smtp_port=smtp_port)
    port = free_port()
    server = runserver(env, port, output=subprocess.DEVNULL)
    worker = None
    try:
        browser = Browser(f"http://127.0.0.1:{port}")

        def serving() -> bool:
            try:
                return browser.get("/")[0] == 200
            except OSError:
                return False

        wait_for(serving, timeout=60, what="the portal to serve")

        private_redis.stop()
        for path in ("/", "/alliance/", "/alliance/statistics/", "/accounts/login/"):
            status, _, seconds = browser.get(path)
            assert status == 200, path
            assert seconds < 5, f"{path} took {seconds:.1f}s with Redis down"
        status, seconds = browser.post_form("/accounts/password/reset/", {"email": alice.email})
        assert status == 200  # the "we sent you an email" page, after the redirect
        assert seconds < 8
        row = OutgoingEmail.objects.get(to=alice.email)
        assert row.status == Status.QUEUED
        assert sink.messages == []

        private_redis.start()
        worker = start_worker(env=env, answer_ping=False)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "call",
                "notifications.tasks.dispatch_due",
            ],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=60,
        )
        wait_for(lambda: len(sink.messages) == 1, timeout=60, what="the queued mail")
        assert sink.recipients == [alice.email]
        # The worker marks the row sent once the relay has answered, a moment after the sink
        # has the message.
        wait_for(
            lambda: OutgoingEmail.objects.get(pk=row.pk).status == Status.SENT,
            timeout=30,
            what="the row marked sent",
        )
    finally:
        server.terminate()
        server.wait(timeout=20)
        if worker:
            worker.terminate()
            worker.wait(timeout=20)
