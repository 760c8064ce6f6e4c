"""Load shedding: a request that queued too long is answered 503 with Retry-After at once.

Under overload, serving a request that has already waited seconds only makes the next one
wait longer; answering it "busy, try again shortly" costs a fraction of a millisecond and keeps
every answer fast, so the queue drains and the portal recovers as soon as the load falls. The
queueing time comes from the gunicorn worker (``config.workers``); without it (runserver,
tests) nothing is shed. The health check is never shed, so a load balancer does not take a
busy but working instance out of service.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

# Set by config.workers.QueueTimedWorker: when the request was queued (time.monotonic()).
QUEUED_AT = "portal.queued_at"
RETRY_AFTER_SECONDS = 2
_REPORT_SECONDS = 10

logger = logging.getLogger(__name__)
_shed = {"count": 0, "since": time.monotonic()}
_lock = threading.Lock()


class LoadSheddingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.limit = settings.SHED_QUEUE_MS / 1000

    def __call__(self, request: HttpRequest) -> HttpResponse:
        queued_at = request.META.get(QUEUED_AT)
        if (
            self.limit > 0
            and queued_at is not None
            and time.monotonic() - queued_at > self.limit
            and not request.path_info.startswith("/health/")
        ):
            return overloaded()
        return self.get_response(request)


def overloaded() -> HttpResponse:
    response = HttpResponse(
        _("The portal is busy. Please try again in a few seconds.") + "\n",
        status=503,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    # One line every few seconds instead of an error line per refused request: under overload
    # the log would otherwise cost more than the answers.
    response._has_been_logged = True  # type: ignore[attr-defined]
    _report()
    return response


def _report() -> None:
    with _lock:
        _shed["count"] += 1
        now = time.monotonic()
        if now - _shed["since"] < _REPORT_SECONDS:
            return
        count, seconds = _shed["count"], now - _shed["since"]
        _shed.update(count=0, since=now)
    logger.warning("Overloaded: %d requests answered 503 in the last %.0f s", count, seconds)
