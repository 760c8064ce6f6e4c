"""The Content-Security-Policy header built once per process says what django-csp would say."""

from __future__ import annotations

import csp.middleware
from csp.constants import NONCE, SELF
from csp.decorators import csp_update
from django.http import HttpResponse
from django.test import RequestFactory

from config.csp import CSPMiddleware


def _answer(middleware_class, view, path: str = "/") -> HttpResponse:
    request = RequestFactory().get(path)
    middleware = middleware_class(lambda request: view(request))
    response = middleware(request)
    response.request_nonce = getattr(request, "_csp_nonce", None)
    return response


def _directives(header: str) -> set[str]:
    # django-csp orders directives by a set's order, which changes from process to process.
    return {part.strip() for part in header.split(";")}


def _plain(request):
    return HttpResponse("page")


def _with_nonce(request):
    return HttpResponse(f"<script nonce='{request.csp_nonce}'></script>")


@csp_update({"img-src": "https://images.example.org"})
def _updated(request):
    return HttpResponse("page")


def test_the_policy_is_django_csps_own():
    ours = _answer(CSPMiddleware, _plain)["Content-Security-Policy"]
    theirs = _answer(csp.middleware.CSPMiddleware, _plain)["Content-Security-Policy"]

    assert _directives(ours) == _directives(theirs)
    assert "frame-ancestors 'none'" in ours


def test_each_request_gets_its_own_nonce_in_the_policy(settings):
    policy = dict(settings.CONTENT_SECURITY_POLICY)
    directives = dict(policy["DIRECTIVES"])
    directives["script-src"] = [SELF, NONCE]
    settings.CONTENT_SECURITY_POLICY = {**policy, "DIRECTIVES": directives}

    first, second = _answer(CSPMiddleware, _with_nonce), _answer(CSPMiddleware, _with_nonce)

    assert first.request_nonce != second.request_nonce
    for response in (first, second):
        assert f"'nonce-{response.request_nonce}'" in response["Content-Security-Policy"]
        assert response["Content-Security-Policy"].count("nonce-") == 1
    # A page that asked for no nonce gets none.
    assert "nonce-" not in _answer(CSPMiddleware, _plain)["Content-Security-Policy"]


def test_a_view_with_a_policy_of_its_own_keeps_it():
    response = _answer(CSPMiddleware, _updated)

    assert "https://images.example.org" in response["Content-Security-Policy"]
    assert "images.example.org" not in _answer(CSPMiddleware, _plain)["Content-Security-Policy"]


def test_a_change_of_the_settings_changes_the_policy(settings):
    before = _answer(CSPMiddleware, _plain)["Content-Security-Policy"]
    policy = dict(settings.CONTENT_SECURITY_POLICY)
    directives = dict(policy["DIRECTIVES"])
    directives["img-src"] = [SELF]
    settings.CONTENT_SECURITY_POLICY = {**policy, "DIRECTIVES": directives}

    after = _answer(CSPMiddleware, _plain)["Content-Security-Policy"]

    assert "img-src 'self' data:" in before
    assert "img-src 'self'" in after and "data:" not in after
