"""gunicorn settings for production and `make bench` (``gunicorn -c config/gunicorn.py``).

Threaded workers (``config.workers.QueueTimedWorker``): a few processes (cores + 1) with a
small pool of threads each. A request that waited in a worker's queue longer than
``SHED_QUEUE_MS`` is answered at once with 503 and ``Retry-After`` by ``config.shedding``
instead of being served late: under overload the portal answers every request quickly,
either with the page or with "busy, try again", and recovers as soon as the load falls.
Each thread keeps its own database connection, so keep processes times threads below
PostgreSQL's ``max_connections`` (3 x 4 = 12 here). The portal is loaded once, in the master,
and the workers are forked from it (``preload_app``), so they share what was imported at start
and what ``config.warmup`` prepared (compiled templates, URLs, translation catalogues).
See docs/performance.md.
"""

import gc
import multiprocessing
import os
from typing import Any

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
worker_class = "config.workers.QueueTimedWorker"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Idle keep-alive connections wait in the worker's poller, not in a thread.
keepalive = 5
timeout = 30
graceful_timeout = 20
# A backlog that overload cannot fill: waiting requests are shed by age, not refused.
backlog = 2048

# Load the portal once in the master and fork the workers from it: the code, the translations
# and everything imported at start are shared between the workers (copy-on-write) instead of
# being loaded by each. A new release needs a restart of the master, not a HUP.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"


def when_ready(server: Any) -> None:
    # Before the first fork: the templates compiled, the URLs and the catalogues loaded once
    # here rather than by each worker while its first requests wait (config/warmup.py).
    if preload_app:
        from config.warmup import warm

        server.log.info("Warmed the portal before forking: %s", warm())


def pre_fork(server: Any, worker: Any) -> None:
    # Objects that exist before the fork are moved out of the collector's sight: a collection
    # in a worker would otherwise write to every page holding them and unshare it.
    gc.freeze()
