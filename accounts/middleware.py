"""Session limits and the second factor for staff."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import second_factor

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


# allauth's second-factor pages a session may always use: the code prompts and the overview.
# Every other one (set up, remove, recovery codes, and any added later) changes a staff
# account's authenticators, which needs the second factor or an enrolment link.
OPEN_MFA_VIEWS = {"mfa_index", "mfa_authenticate", "mfa_reauthenticate"}


class StaffSecondFactorMiddleware:
    """Staff powers need a session that passed the second factor (docs/security.md).

    Without it, the request's user carries no staff status, superuser status or permission, so
    every check anywhere sees an ordinary person; the admin and allauth's authenticator set-up
    are then refused by the view the address resolves to (``request.resolver_match``), never by
    the look of the path, which ``SCRIPT_NAME`` changes.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and (user.is_staff or user.is_superuser)
            and not second_factor.passed_second_factor(request, user)
        ):
            user.withhold_staff_powers()
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: object, view_args: object, view_kwargs: object
    ) -> HttpResponse | None:
        user = request.user
        if not getattr(user, "staff_powers_withheld", False):
            return None
        match = request.resolver_match
        if match is None:
            return None
        if "admin" in match.namespaces:
            if second_factor.has_authenticator(user):
                messages.warning(
                    request, _("Enter a code from your authenticator app to use staff pages.")
                )
                url = reverse("mfa_reauthenticate")
            else:
                messages.warning(
                    request, _("Set up an authenticator app before you use staff pages.")
                )
                url = reverse("accounts:second_factor")
            return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
        name = match.url_name or ""
        if (
            name.startswith("mfa_")
            and name not in OPEN_MFA_VIEWS
            and not second_factor.has_enrolment_grant(request, user)
        ):
            messages.warning(
                request,
                _(
                    "A staff account's authenticator is set up with a one-time link, not with "
                    "the password alone."
                ),
            )
            return redirect("accounts:second_factor")
        return None
