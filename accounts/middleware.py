"""Session limits and the second factor for staff."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

SIGNED_IN_AT = "accounts_signed_in_at"
RENEWED_AT = "accounts_renewed_at"


def session_started(*, request: HttpRequest, **kwargs: object) -> None:
    """At sign-in (``user_logged_in``): the session starts with its sign-in and renewal times,
    so the requests that follow do not each write it."""
    now = int(time.time())
    request.session[SIGNED_IN_AT] = now
    request.session[RENEWED_AT] = now


class SessionLimitsMiddleware:
    """End a session a fixed time after sign-in, however active it has been.

    The idle limit is Django's own (SESSION_COOKIE_AGE), renewed at most every
    SESSION_RENEW_SECONDS; deactivated accounts are signed out by the authentication backends
    themselves.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.setdefault(SIGNED_IN_AT, now)
            if now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(request, _("Your session has ended. Please sign in again."))
                return redirect(settings.LOGIN_URL)
            # The idle limit counts from the last renewal: saving the session (a database write
            # and a new cookie) once a minute instead of on every request.
            if now - request.session.get(RENEWED_AT, 0) >= settings.SESSION_RENEW_SECONDS:
                request.session[RENEWED_AT] = now
        return self.get_response(request)


class StaffSecondFactorMiddleware:
    """Staff use the admin only with a second factor (TOTP) set up; allauth then asks for it
    at every sign-in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.path.startswith("/admin/")
            and request.user.is_authenticated
            and request.user.is_staff
        ):
            from allauth.mfa.utils import is_mfa_enabled

            if not is_mfa_enabled(request.user):
                messages.warning(
                    request,
                    _("Set up an authenticator app before you use the administration pages."),
                )
                return redirect("mfa_activate_totp")
        return self.get_response(request)
