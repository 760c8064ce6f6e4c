"""Headers every answer carries: the browser features the portal never uses are switched off,
and what a signed-in visitor sees is kept out of shared caches."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


def permissions_policy(features: dict[str, list[str]]) -> str:
    """``{"camera": [], "fullscreen": ["self"]}`` as ``camera=(), fullscreen=(self)``."""
    return ", ".join(f"{feature}=({' '.join(allow)})" for feature, allow in features.items())


class SiteHeadersMiddleware:
    """``Permissions-Policy`` on every response, and ``Cache-Control: private, no-store`` on
    every response to a signed-in visitor.

    Outermost, so shed requests, refused hosts, redirects and static files get the policy too.
    A visitor is "signed in" only once the authentication middleware has run for the request:
    answers given before it (static files, the page cache's anonymous hits) are as they were,
    and stay cacheable.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = permissions_policy(settings.PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Permissions-Policy", self.policy)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # A shared cache (a proxy, a CDN) must never hand one person's page to another;
            # no-store also keeps personal pages off the disk of a shared computer.
            patch_cache_control(response, private=True, no_store=True)
        return response
