"""Sections other apps add to an organisation's private page.

``accounts`` imports no domain app; instead each app registers a provider in its
``AppConfig.ready``. A provider takes the request and the viewer's membership and returns the
HTML of its section, or an empty string. A *lead* (``register_lead``) is what the organisation
should do first, shown above everything else on the page (the Alliance's "Declare support"
for an enterprise that has not declared); most of the time a provider has none.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from accounts.models import Membership

Provider = Callable[[HttpRequest, Membership], str]
_PROVIDERS: list[Provider] = []
_LEADS: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def register_lead(provider: Provider) -> None:
    if provider not in _LEADS:
        _LEADS.append(provider)


def _render(
    providers: list[Provider], request: HttpRequest, membership: Membership
) -> list[SafeString]:
    # Providers render their own templates, which escape what they show.
    return [
        mark_safe(html)  # noqa: S308
        for provider in providers
        if (html := provider(request, membership))
    ]


def render_panels(request: HttpRequest, membership: Membership) -> list[SafeString]:
    return _render(_PROVIDERS, request, membership)


def render_leads(request: HttpRequest, membership: Membership) -> list[SafeString]:
    return _render(_LEADS, request, membership)
