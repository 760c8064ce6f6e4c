"""The bench's own PostgreSQL databases and signed-in sessions."""

from __future__ import annotations

import time
from typing import Any


def connect(url: str) -> Any:
    """An autocommit psycopg connection to the database ``url`` names."""
    import psycopg

    return psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True)


def database_name(url: str) -> str:
    return url.rsplit("/", 1)[1]


def sibling(url: str, name: str) -> str:
    """The URL of the database ``name`` on the same server as ``url``."""
    return url.rsplit("/", 1)[0] + f"/{name}"


def admin(url: str) -> Any:
    """A connection to the server's ``postgres`` database, to create and drop others."""
    return connect(sibling(url, "postgres"))


def recreate_database(url: str, *, template: str | None = None) -> None:
    """Drop the database ``url`` names (closing its connections) and create it empty, or as a
    copy of the database ``template`` (which must have no connections)."""
    name = database_name(url)
    with admin(url) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if template is None:
            connection.execute(f'CREATE DATABASE "{name}"')
            return
        # A file copy: a few seconds for gigabytes, where PostgreSQL 15's default writes them all
        # to the WAL (older servers know only the file copy, and not the option).
        strategy = " STRATEGY FILE_COPY" if connection.info.server_version >= 150000 else ""
        connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"{strategy}')


def drop_database(url: str) -> None:
    with admin(url) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database_name(url)}" WITH (FORCE)')


def session_cookie(user: Any) -> str:
    """A signed-in session for ``user``, as the pair a Cookie header carries."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cached_db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session["accounts_signed_in_at"] = int(time.time())
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
