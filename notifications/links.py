"""The one way an email builds a link: ``SITE_URL`` followed by a path.

An email is read away from the request that caused it (often by a worker with no request at
all), so its links never come from a request's host: every email kind takes them from here
(docs/email.md).
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings


def site_url() -> str:
    """``SITE_URL`` without a trailing slash (``http://127.0.0.1:8000`` unless set)."""
    return settings.SITE_URL.rstrip("/")


def site_domain() -> str:
    """``SITE_URL``'s host (and port, if any): what emails show as the site's address."""
    return urlsplit(settings.SITE_URL).netloc


def email_link(path: str) -> str:
    """The absolute address of ``path`` (``/forum/…``, with any query) for an email."""
    if not path.startswith("/"):
        raise ValueError(f"email links are built from a path on the site, not {path!r}")
    return site_url() + path


def email_link_rerooted(url: str) -> str:
    """``url``, built elsewhere on a request's host, moved onto ``SITE_URL``: its path, query
    and fragment are kept, its scheme and host replaced."""
    parts = urlsplit(url)
    return email_link(urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment)))
