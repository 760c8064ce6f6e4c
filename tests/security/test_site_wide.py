"""Protections that hold on every URL of the site."""

import json

import pytest
from django.conf import settings
from django.test import Client

from tests.catalogue import urls_of
from tests.utils import PRODUCTION, settings_in_subprocess

pytestmark = pytest.mark.django_db

# The unsubscribe link is the one unsafe request without a CSRF token: mail clients post to it
# (RFC 8058), and its signed token is the credential.
CSRF_EXEMPT = {"notifications:unsubscribe"}
# The JSON API is read-only and exempt from the check (an API client holds no token), so an
# unsafe method gets its 405 (with Allow), in JSON, rather than a 403 about the token.
READ_ONLY_API = {"openapi", "api_docs", "api_try"}


def _refusal(name: str) -> int:
    return 405 if name.startswith("knowledge_api:") or name in READ_ONLY_API else 403


# What the portal never uses is denied to its pages and to anything they embed.
DENIED_FEATURES = (
    "camera",
    "microphone",
    "geolocation",
    "payment",
    "usb",
    "browsing-topics",
    "interest-cohort",
)
PERMISSIONS_POLICY = ", ".join(
    f"{f}=({' '.join(a)})" for f, a in settings.PERMISSIONS_POLICY.items()
)


def test_every_unsafe_request_without_a_csrf_token_is_refused(world, staff):
    member = Client(enforce_csrf_checks=True)
    member.force_login(world.canary.admin)
    admin = Client(enforce_csrf_checks=True)
    admin.force_login(staff)
    anonymous = Client(enforce_csrf_checks=True)

    accepted = []
    checked = 0
    for name, path in urls_of(world, world.canary):
        if name in CSRF_EXEMPT:
            continue
        client = admin if name.startswith("admin:") else member
        for each in (client, anonymous):
            for method in ("post", "put", "patch", "delete"):
                status = getattr(each, method)(path).status_code
                checked += 1
                if status != _refusal(name):
                    accepted.append(f"{method.upper()} {path}: {status}")

    assert accepted == []
    assert checked > 400


def test_every_page_sends_the_security_headers(world, staff, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    viewers = {"anonymous": Client(), "member": Client(), "staff": Client()}
    viewers["member"].force_login(world.canary.admin)
    viewers["staff"].force_login(staff)

    missing = []
    for name, path in urls_of(world, world.canary):
        response = viewers["staff" if name.startswith("admin:") else "member"].get(
            path, secure=True
        )
        headers = response.headers
        expected = {
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "same-origin",
            "X-Frame-Options": "DENY",
            "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
            "Permissions-Policy": PERMISSIONS_POLICY,
        }
        for header, value in expected.items():
            if headers.get(header) != value:
                missing.append(f"{path}: {header}={headers.get(header)!r}")
        csp = headers.get("Content-Security-Policy", "")
        if response.status_code < 300 and "text/html" in headers.get("Content-Type", ""):
            for directive in ("script-src 'self'", "frame-ancestors 'none'", "object-src 'none'"):
                if directive not in csp:
                    missing.append(f"{path}: CSP lacks {directive}")
            if "unsafe-inline" in csp or "unsafe-eval" in csp:
                missing.append(f"{path}: CSP allows inline code")

    assert missing == []


def test_the_permissions_policy_denies_what_the_portal_does_not_use(client):
    directives = dict(
        item.strip().split("=", 1)
        for item in client.get("/").headers["Permissions-Policy"].split(",")
    )

    assert {feature: directives.get(feature) for feature in DENIED_FEATURES} == dict.fromkeys(
        DENIED_FEATURES, "()"
    )


def test_every_answer_to_a_signed_in_visitor_is_private(world, staff):
    member = Client()
    member.force_login(world.canary.admin)
    admin = Client()
    admin.force_login(staff)

    shared = []
    checked = 0
    for name, path in urls_of(world, world.canary):
        response = (admin if name.startswith("admin:") else member).get(path)
        directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
        checked += 1
        if not {"private", "no-store"} <= directives or "public" in directives:
            shared.append(f"{path}: {response.status_code} {response.get('Cache-Control')!r}")

    assert shared == []
    assert checked > 300


def test_anonymous_public_pages_and_static_files_stay_cacheable(world, alice, settings):
    # WhiteNoise serves from the source folders, as in development (no collectstatic here).
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    anonymous = Client()
    stored = []
    public_pages = 0
    for _name, path in urls_of(world, world.canary):
        response = anonymous.get(path)
        if response.status_code == 200 and getattr(response, "page_cache_areas", None):
            public_pages += 1
            if "private" in response.get("Cache-Control", "") or "no-store" in response.get(
                "Cache-Control", ""
            ):
                stored.append(path)
    signed_in = Client()
    signed_in.force_login(alice)
    static = signed_in.get(settings.STATIC_URL + "css/portal.css")

    assert stored == []
    assert public_pages > 15
    assert static.status_code == 200
    assert "private" not in static.get("Cache-Control", "")


def test_production_cookies_are_secure():
    result = settings_in_subprocess(
        "[s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        " s.SESSION_COOKIE_SAMESITE, s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT]",
        **PRODUCTION,
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [True, True, True, "Lax", 31536000, True]
