"""Every answer under /api/ is JSON: errors in the documented shape ``{"errors": [...]}``.

The API's own views answer their 400s and 404s in that shape. Everything else that can answer
under /api/ answers HTML or plain text: Django's 404 for an address no URL pattern matches (a
slug with a space, an unknown version), ``require_safe``'s 405, the 400 and 500 handlers, the
503 of a lost database and of load shedding. This middleware, placed outside all of them,
rewrites such an answer's body as JSON, keeping its status and headers (``Allow``,
``Retry-After``); a redirect's body names its target. The docs page (``/api/docs``), written
for people, stays HTML.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from http import HTTPStatus

from django.http import HttpRequest, HttpResponse, HttpResponseBase

PREFIX = "/api/"
HUMAN_PAGES = ("/api/docs",)
JSON = "application/json"

MESSAGES = {
    400: "Bad request.",
    403: "Forbidden.",
    404: "Nothing here: no endpoint of this API answers this address (see /api/openapi.json).",
    405: "Method not allowed: this API answers GET and HEAD only.",
    500: "Server error. It has been logged; please try again later.",
    503: "Service unavailable. Please try again in a few seconds (see Retry-After).",
}


def error_message(status: int) -> str:
    if status in MESSAGES:
        return MESSAGES[status]
    try:
        return HTTPStatus(status).phrase + "."
    except ValueError:
        return "Error."


def _is_json(response: HttpResponseBase) -> bool:
    return response.get("Content-Type", "").split(";")[0].strip() == JSON


class ApiJsonMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        path = request.path_info
        if not path.startswith(PREFIX) or _is_json(response):
            return response
        if response.status_code < 300 and path.startswith(HUMAN_PAGES):
            return response
        if response.status_code >= 400:
            body = {"errors": [error_message(response.status_code)]}
        elif 300 <= response.status_code < 400 and response.has_header("Location"):
            body = {"location": response["Location"]}
        else:
            return response
        if response.streaming:
            replaced = HttpResponse(status=response.status_code)
            for header, value in response.items():
                replaced[header] = value
            replaced.cookies = response.cookies
            response.close()
            response = replaced
        response.content = json.dumps(body).encode()
        response["Content-Type"] = JSON
        return response
