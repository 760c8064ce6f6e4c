"""Stop at once, with a message that names it, when a service the tests need does not answer."""

from __future__ import annotations

import os
import sys

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/portal"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def check_postgres(url: str) -> str | None:
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    # pytest-django creates its own test database, so connect to the maintenance database.
    params = conninfo_to_dict(url.replace("postgres://", "postgresql://", 1))
    params["dbname"] = "postgres"
    try:
        with psycopg.connect(**params, connect_timeout=3) as connection:
            version = connection.execute("show server_version").fetchone()[0]
    except psycopg.Error as exc:
        return f"PostgreSQL at {url} does not answer: {str(exc).strip()}"
    if int(version.split(".")[0]) < 15:
        return f"PostgreSQL at {url} is version {version}; the portal needs 15 or newer."
    return None


def check_redis(url: str) -> str | None:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        return f"Redis at {url} does not answer: {exc}"
    return None


def main() -> int:
    problems = [
        problem
        for problem in (
            check_postgres(os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL),
            check_redis(os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL),
        )
        if problem
    ]
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        print(
            "Start the service (or set DATABASE_URL / REDIS_URL), then run `make test` again. "
            "`.ci/run` starts local PostgreSQL and Redis for you.",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
