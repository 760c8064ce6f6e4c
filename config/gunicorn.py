"""gunicorn settings for production and `make bench` (``gunicorn -c config/gunicorn.py``).

Threaded workers (``config.workers.QueueTimedWorker``): a few processes (cores + 1) with a
small pool of threads each. A request that waited in a worker's queue longer than
``SHED_QUEUE_MS`` is answered at once with 503 and ``Retry-After`` by ``config.shedding``
instead of being served late: under overload the portal answers every request quickly,
either with the page or with "busy, try again", and recovers as soon as the load falls.
Each thread keeps its own database connection, so keep processes times threads below
PostgreSQL's ``max_connections`` (3 x 4 = 12 here). See docs/performance.md.
"""

import multiprocessing
import os

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
