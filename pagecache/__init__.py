"""Whole-page cache for anonymous visitors, invalidated by per-area generation counters.

The app that owns an area of content registers it in its ``AppConfig.ready``
(``pagecache.register_area("forum")``); the library names no app. Any other area is refused
(``_known``) wherever it is used. A public view declares which areas of content it shows
(``@public_page("forum")``). For a visitor without a session or a pending message,
``PageCacheMiddleware`` serves the rendered page from the shared cache (Redis) before any
session, user or database work, so a hit costs one cache round trip and no query. An entry is
valid only while the generation counters of its areas are those it was rendered under; services
(never views) that change an area call ``changed(area)``, or are decorated
``@invalidates(area)``, which bumps the counter once the transaction commits, so the next
request renders afresh. A successful write in the admin renews every registered area.

Never stored: responses to signed-in visitors or to requests carrying a session or messages
cookie, responses that set a cookie (a CSRF token, a session, messages), that contain a CSRF
form field or a CSP nonce, or that are not a plain 200. When Redis is down the cache steps
aside for a few seconds at a time and pages are rendered as usual.

No header tells a hit from a miss, and private events (a declaration, a withdrawal, a private
pledge, joining a coalition) call ``changed`` for no area: a page renewed right after one would
tell that it happened. Pages that show figures list the area ``statistics``, which only the
publication of a release renews (``releases.services``).

The same generations serve pages that signed-in visitors share in part: ``version(*areas)``
keys a template fragment, ``remember(key, areas, compute)`` keeps a value and ``fragment(key,
areas, render)`` keeps rendered HTML per language.

Pages and values are stored under the version of the code (``settings.CODE_VERSION``): after a
deploy the new code never unpickles a value the old code kept, whose shape it may not know.

Where reads may lag writes (a read replica), ``PAGE_CACHE_SETTLE_SECONDS`` is how far: for
that long after an area changes nothing of it is stored (pages, fragments, values), since a
page rendered then may still show the old rows under the new generation. A mark with that
lifetime in the cache says an area changed lately; it is read in the same round trip as the
generations.
"""

from __future__ import annotations

import functools
import hashlib
import math
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_from_path

# Every area a public page may depend on, as the apps that own them registered them.
_areas: set[str] = set()

_GENERATION = "pagecache:gen:"
_PAGE = "pagecache:page:"
_VALUE = "pagecache:value:"
_CHANGED = "pagecache:changed:"
# After a cache error the page cache stays out of the way this long, so a Redis outage costs
# one timeout now and then, not one per request.
_BACKOFF_SECONDS = 10

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


# --- Areas -----------------------------------------------------------------------------------


def register_area(*names: str) -> None:
    """Make ``names`` known; called by the app that owns them, in its ``AppConfig.ready``."""
    _areas.update(names)


def areas() -> frozenset[str]:
    """Every registered area."""
    return frozenset(_areas)


def _known(names: Iterable[str]) -> tuple[str, ...]:
    # Checked where an area is used, not where it is named: decorators run at import, often
    # before the owning app is ready.
    names = tuple(names)
    unknown = set(names) - _areas
    if unknown:
        raise ValueError(
            f"Unknown page cache areas: {sorted(unknown)}; "
            "the app that owns an area registers it with pagecache.register_area()"
        )
    return names


# --- Generations ------------------------------------------------------------------------------


def _settle_seconds() -> float:
    return getattr(settings, "PAGE_CACHE_SETTLE_SECONDS", 0)


def _bump(area: str) -> None:
    key = _GENERATION + area
    if _settle_seconds() > 0:
        cache.set(_CHANGED + area, 1, timeout=math.ceil(_settle_seconds()))
    try:
        cache.incr(key)
    except ValueError:
        # Missing (first change, or evicted): start from the clock, so a counter that was lost
        # never comes back to a value an old entry was stored under.
        cache.add(key, time.time_ns(), timeout=None)
        cache.incr(key)


def _changed_keys(areas: Iterable[str]) -> list[str]:
    """The marks of recent changes to read beside the generations (none without a lag)."""
    return [_CHANGED + area for area in areas] if _settle_seconds() > 0 else []


def _settled(found: dict[str, Any], areas: Iterable[str]) -> bool:
    return not any(_CHANGED + area in found for area in areas)


def changed(*areas: str) -> None:
    """The content of ``areas`` changed: pages showing it are rendered afresh after commit.

    Bumping only after the commit means a request that rendered the old rows cannot store its
    page under the new generation.
    """
    for area in _known(areas):
        transaction.on_commit(functools.partial(_bump, area), robust=True)


def invalidates(*areas: str) -> Callable[[F], F]:
    """Decorate a service function that writes ``areas``: ``changed(*areas)`` when it returns."""

    def decorator(function: F) -> F:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            result = function(*args, **kwargs)
            changed(*areas)
            return result

        return wrapper  # type: ignore[return-value]

    return decorator


def _generations(areas: Iterable[str]) -> dict[str, int]:
    """Current generations, creating missing counters from the clock."""
    keys = [_GENERATION + area for area in areas]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, time.time_ns(), timeout=None)
            found[key] = cache.get(key)
    return {key.removeprefix(_GENERATION): value for key, value in found.items()}


def version(*areas: str) -> str:
    """A value that changes whenever ``areas`` change: the key of a template fragment that
    signed-in visitors share (``{% cache 600 name LANGUAGE_CODE cache_version %}``)."""
    areas = _known(areas)
    if settings.PAGE_CACHE_SECONDS <= 0:
        return f"off-{time.time_ns()}"  # caching is off: match nothing
    if _changed_keys(areas) and not _settled(cache.get_many(_changed_keys(areas)), areas):
        return f"off-{time.time_ns()}"  # changed a moment ago: reads may not show it yet
    generations = _generations(areas)
    if any(generations.get(area) is None for area in areas):
        return f"off-{time.time_ns()}"  # the cache is unreachable: match nothing
    return "-".join(str(generations[area]) for area in areas)


def remember(key: str, areas: Iterable[str], compute: Callable[[], T]) -> T:
    """``compute()``, kept in the shared cache while the content of ``areas`` does not change:
    for parts of pages that signed-in visitors share (what a practice's page shows around it).

    The entry is stored with the generations read *before* computing, so a change that
    commits while ``compute`` runs is never hidden: the entry is out of date at once. Entry
    and counters are read in one round trip. Off (always computed) when the page cache is off
    or the cache is failing; an entry lasts ``PAGE_CACHE_SECONDS`` at most, like a page.
    """
    areas = _known(areas)
    if settings.PAGE_CACHE_SECONDS <= 0 or _cache_failing():
        return compute()
    entry_key = f"{_VALUE}{settings.CODE_VERSION}:{key}"
    found = cache.get_many(
        [entry_key, *(_GENERATION + area for area in areas), *_changed_keys(areas)]
    )
    generations = {area: found.get(_GENERATION + area) for area in areas}
    entry = found.get(entry_key)
    if entry is not None and None not in generations.values() and entry[0] == generations:
        return entry[1]
    missing = [area for area, value in generations.items() if value is None]
    if missing:
        generations |= _generations(missing)
    value = compute()
    if None not in generations.values() and _settled(found, areas):
        cache.set(entry_key, (generations, value), settings.PAGE_CACHE_SECONDS)
    return value


def fragment(key: str, areas: Iterable[str], render: Callable[[], str]) -> SafeString:
    """HTML that every visitor shares in one language, kept like ``remember`` (the language
    is added to ``key``): ``render`` runs only when the entry is missing or out of date, so a
    request that finds it pays one cache round trip and none of the queries, figures or
    template work behind it. ``render`` must not depend on the viewer: it renders without the
    request, and whatever differs between viewers (membership, time zone) goes into ``key``.
    """
    html = remember(f"{key}:{get_language()}", areas, lambda: str(render()))
    return mark_safe(html)  # noqa: S308 — rendered by the portal's own templates, escaped there


def fragments(
    key: str, areas: Iterable[str], render: Callable[[], dict[str, str]]
) -> dict[str, SafeString]:
    """``fragment`` for several pieces of one page kept in one entry (read in one round trip),
    by name: the parts that every viewer shares around the parts that are the viewer's own."""
    pieces = remember(
        f"{key}:{get_language()}",
        areas,
        lambda: {name: str(html) for name, html in render().items()},
    )
    # Rendered by the portal's own templates, escaped there.
    return {name: mark_safe(html) for name, html in pieces.items()}  # noqa: S308


# --- The view side ---------------------------------------------------------------------------


def public_page(*areas: str) -> Callable[[F], F]:
    """Mark a view's 200 answers to anonymous visitors as cacheable; ``areas`` it shows."""

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            response = view(request, *args, **kwargs)
            # A view may name more areas for one answer (content other apps add to it).
            more = getattr(response, "page_cache_more_areas", ())
            response.page_cache_areas = _known(dict.fromkeys((*areas, *more)))  # type: ignore[attr-defined]
            return response

        return wrapper  # type: ignore[return-value]

    return decorator


# --- The middleware --------------------------------------------------------------------------


def _cache_failing() -> bool:
    # A backend that degrades instead of failing (``config.cache.ResilientRedisCache``) says
    # when it last failed; read by duck typing, since a plain library imports nothing of ours.
    failed = getattr(cache, "last_failure", 0.0)
    return bool(failed) and time.monotonic() - failed < _BACKOFF_SECONDS


def _may_use(request: HttpRequest) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and getattr(settings, "MESSAGES_COOKIE_NAME", "messages") not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and "HTTP_HX_REQUEST" not in request.META
        and not _cache_failing()
    )


def _key(request: HttpRequest) -> str:
    language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    raw = "\n".join((request.scheme, request.get_host(), language, request.get_full_path()))
    return f"{_PAGE}{settings.CODE_VERSION}:{hashlib.sha256(raw.encode()).hexdigest()}"


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if not getattr(response, "page_cache_areas", None) or request.method != "GET":
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    cache_control = response.get("Cache-Control", "")
    if "private" in cache_control or "no-store" in cache_control:
        return False
    if "nonce-" in response.get("Content-Security-Policy", ""):
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and len(messages):
        return False
    return b"csrfmiddlewaretoken" not in response.content


class PageCacheMiddleware:
    """Serve and store anonymous pages; goes right after the security and static middleware,
    so a hit skips sessions, authentication and the database, and a stored page carries the
    headers the inner middleware set (CSP, Vary, Content-Language, X-Frame-Options)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._admin_prefix: str | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _may_use(request):
            response = self.get_response(request)
            self._after_admin_write(request, response)
            return response
        key = _key(request)
        known = sorted(_areas)
        found = cache.get_many(
            [key, *(_GENERATION + area for area in known), *_changed_keys(known)]
        )
        entry = found.get(key)
        if entry is not None and all(
            found.get(_GENERATION + area) == generation
            for area, generation in entry["generations"].items()
        ):
            response = HttpResponse(entry["content"], status=entry["status"])
            for header, value in entry["headers"]:
                response.headers[header] = value
            return response
        before = {area: found[_GENERATION + area] for area in known if _GENERATION + area in found}
        response = self.get_response(request)
        if _storable(request, response) and _settled(found, response.page_cache_areas):  # type: ignore[attr-defined]
            areas = response.page_cache_areas  # type: ignore[attr-defined]
            generations = {area: before.get(area) for area in areas}
            missing = [area for area, value in generations.items() if value is None]
            if missing:
                generations |= _generations(missing)
            if all(value is not None for value in generations.values()):
                cache.set(
                    key,
                    {
                        "generations": generations,
                        "status": response.status_code,
                        "headers": list(response.headers.items()),
                        "content": response.content,
                    },
                    settings.PAGE_CACHE_SECONDS,
                )
        return response

    def _after_admin_write(self, request: HttpRequest, response: HttpResponse) -> None:
        # The admin changes content in many ways (forms, inlines, actions, imports, history
        # reverts); a successful write there is rare, so it renews every registered area.
        if request.method != "POST" or response.status_code >= 400:
            return
        if self._admin_prefix is None:
            self._admin_prefix = reverse("admin:index")
        if request.path.startswith(self._admin_prefix):
            changed(*_areas)
