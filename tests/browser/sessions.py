"""Browser contexts already signed in, for the journeys that do not test the login form."""

from __future__ import annotations

from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, BrowserContext

from accounts.models import User


def signed_in(browser: Browser, base_url: str, user: User, **context_args) -> BrowserContext:
    """A browser context with a session for ``user``, without going through the login form.

    ``context_args`` go to ``browser.new_context()`` (a viewport, say: see conftest.context_args).
    """
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context = browser.new_context(**context_args)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}])
    return context
