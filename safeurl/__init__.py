"""Where a user-supplied address (a ``next`` parameter, a back link) may send the browser: to
this site only.

One check for every app, built on Django's ``url_has_allowed_host_and_scheme`` (this request's
host; HTTPS when the request came over HTTPS). On top of it, anything the portal never writes
into its own links is refused, because browsers and servers read such addresses in ways the
check cannot follow: surrounding or embedded whitespace and control characters (browsers drop
tabs and newlines, so ``/\\t/evil.com`` becomes ``//evil.com``), invisible format characters,
and a backslash or a leading ``//`` once the path is percent-decoded (``/%5Cevil.com``), which
a proxy or another redirect may decode before a browser reads it.

A plain module that imports nothing of the portal, so every app may use it.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import unquote, urlsplit

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

# Control, format (bidi overrides, zero-width), line and paragraph separators.
_UNSEEN = {"Cc", "Cf", "Zl", "Zp"}


def _has_unseen(text: str) -> bool:
    return any(unicodedata.category(char) in _UNSEEN for char in text)


def is_safe(request: HttpRequest, url: str | None) -> bool:
    """Whether ``url`` leads to a page of this site, as every browser reads it."""
    if not url or _has_unseen(url) or any(char.isspace() for char in url) or "\\" in url:
        return False
    try:
        path = unquote(urlsplit(url).path, errors="strict")
    except (ValueError, UnicodeDecodeError):
        return False
    if _has_unseen(path) or "\\" in path or path.startswith("//"):
        return False
    return url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def safe_next(request: HttpRequest, url: str | None, *, fallback: str) -> str:
    """``url`` when it is safe (see ``is_safe``), else ``fallback`` (an address the view
    made itself)."""
    return url if url is not None and is_safe(request, url) else fallback
