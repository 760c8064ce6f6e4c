"""gunicorn's threaded worker, telling the application how long each request queued.

A request waits in the worker's thread-pool queue from the moment its bytes are readable
until a thread picks it up; under overload that wait is what grows. The worker stamps the
moment a connection is queued and hands the application the stamp as
``environ["portal.queued_at"]`` (``time.monotonic()``), which ``config.shedding`` reads. Clients
cannot set it: request headers arrive only as ``HTTP_*`` keys.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from gunicorn.workers.gthread import ThreadWorker

from config.shedding import QUEUED_AT

_local = threading.local()


class QueueTimedWorker(ThreadWorker):
    def enqueue_req(self, conn: Any) -> None:
        conn.portal_queued_at = time.monotonic()
        super().enqueue_req(conn)

    def handle_request(self, req: Any, conn: Any) -> Any:
        _local.queued_at = getattr(conn, "portal_queued_at", None)
        try:
            return super().handle_request(req, conn)
        finally:
            _local.queued_at = None

    def load_wsgi(self) -> None:
        super().load_wsgi()
        application = self.wsgi

        def timed(environ: dict[str, Any], start_response: Any) -> Any:
            environ[QUEUED_AT] = getattr(_local, "queued_at", None)
            return application(environ, start_response)

        self.wsgi = timed
