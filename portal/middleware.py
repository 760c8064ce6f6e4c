"""The database is down: say so with a 503 the client may retry, not a bare 500 or a hang."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseServerError,
)
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


class DatabaseUnavailableMiddleware:
    """Turn a lost or refused database connection into "503 Service Unavailable" with
    Retry-After. With ``CONN_HEALTH_CHECKS`` a request after the database is back opens a new
    connection, so the portal recovers without a restart.

    ``OperationalError`` also covers a query cancelled by ``statement_timeout``: that too is
    "try again later" for the visitor, and is logged like the rest.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_database_unavailable(exception):
            return None
        logger.error("Database unavailable for %s: %s", request.path, exception)
        return unavailable_response()


def is_database_unavailable(exception: BaseException | None) -> bool:
    return isinstance(exception, OperationalError | InterfaceError)


def unavailable_response() -> HttpResponse:
    # No request context: its processors (the user, the session) may need the database.
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500. A database error raised outside a view (a middleware loading the session or
    the user) never reaches ``process_exception``: it is still a 503 here."""
    if is_database_unavailable(sys.exc_info()[1]):
        return unavailable_response()
    return HttpResponseServerError(render_to_string("500.html"))


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400. Rendered without the request: the request is what was wrong, and reading
    it again (its host for the page's absolute links, when the host is not allowed) would raise
    once more and turn the 400 into a 500."""
    return HttpResponseBadRequest(render_to_string("400.html"))
