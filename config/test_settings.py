"""Settings for the test suite: the real PostgreSQL and Redis, with fast hashing and locmem mail."""

import os
from urllib.parse import urlsplit, urlunsplit

from config.env import env_db, env_str
from config.settings import *  # noqa: F403
from config.settings import CACHES, DATABASES, MIDDLEWARE

DATABASES["default"] = env_db("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal")
DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"]["CONN_HEALTH_CHECKS"] = False

REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
# Under pytest-xdist (`make test` runs two workers) worker gwN takes the Redis database N after
# the given one: the Celery worker a test starts consumes from its own queue, and purging that
# queue cannot take another test process's tasks. A run without workers keeps the given one.
_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _XDIST_WORKER.startswith("gw"):
    _redis = urlsplit(REDIS_URL)
    _database = int(_redis.path.strip("/") or 0) + int(_XDIST_WORKER[2:])
    REDIS_URL = urlunsplit(_redis._replace(path=f"/{_database}"))

CACHES["default"] = {
    "BACKEND": "config.cache.ResilientRedisCache",
    "LOCATION": REDIS_URL,
    # One prefix per test process, so runs sharing a Redis server never see or clear each
    # other's keys (sessions, rate-limit counters).
    "KEY_PREFIX": f"portal-test-{os.getpid()}",
    "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
}
CELERY_BROKER_URL = REDIS_URL
# Unit tests run tasks in-process; the integration tests start a real worker.
CELERY_TASK_ALWAYS_EAGER = True

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Whole-page caching stays off: tests that count a page's queries or change rows with factories
# would otherwise meet the page they cached a moment ago. tests/portal/test_page_cache.py turns
# it on.
PAGE_CACHE_SECONDS = 0

# The search's SQLite engine is tested beside PostgreSQL on a second database, in memory and
# migrated only for the tests that ask for it (tests/knowledge/engines.py routes to it).
DATABASES["sqlite"] = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
DATABASE_ROUTERS = ["tests.knowledge.engines.EngineRouter"]

# The read replica is a mirror of the test database, never a database of its own, even when
# DATABASE_REPLICA_URL is set: the routing stays out of the suite. Its router and middleware
# are tested on their own (tests/config/test_replica_routing.py) and on a real streaming
# replica (tests/integration/test_read_replica.py).
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
DATABASE_REPLICA_URL = ""
MIDDLEWARE = [name for name in MIDDLEWARE if name != "config.replica.ReplicaMiddleware"]
PAGE_CACHE_SETTLE_SECONDS = 0
