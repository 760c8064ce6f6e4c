"""A request whose Host is not in ALLOWED_HOSTS is answered 400, whichever middleware notices it
first (the page cache, the HTTPS redirect or CommonMiddleware), with DEBUG off."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PATHS = [
    "/",
    "/nl/",
    "/forum/",
    "/alliance/",
    "/knowledge/?q=energy",
    "/accounts/login/",
    "/account/",
    "/admin/",
    "/api/",
    "/sitemap.xml",
    "/static/css/portal.css",
    "/no-such-page/",
]
BAD_HOSTS = [
    "evil.example",
    "portal.example.evil.example",
    "portal.example@evil.example",
    "portal.example:notaport",
    "[::1",
    "evil.example, portal.example",
]


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["portal.example"]


def _viewers(alice) -> dict[str, Client]:
    signed_in = Client()
    signed_in.force_login(alice)
    return {"anonymous": Client(), "signed in": signed_in}


@pytest.mark.parametrize("page_cache_seconds", [0, 60], ids=["page cache off", "page cache on"])
@pytest.mark.parametrize("https_redirect", [False, True], ids=["http", "https redirect"])
def test_a_host_not_allowed_is_a_400_on_every_kind_of_page(
    production, settings, alice, page_cache_seconds, https_redirect
):
    settings.PAGE_CACHE_SECONDS = page_cache_seconds
    settings.SECURE_SSL_REDIRECT = https_redirect

    answers = []
    for viewer, client in _viewers(alice).items():
        for path in PATHS:
            for host in BAD_HOSTS:
                for method in ("get", "post"):
                    response = getattr(client, method)(path, HTTP_HOST=host)
                    if response.status_code != 400:
                        answers.append(f"{viewer} {method} {host} {path}: {response.status_code}")
                    elif path.startswith("/api/"):  # the API's answers are JSON (issue 14)
                        if response["Content-Type"] != "application/json":
                            answers.append(f"{viewer} {method} {host} {path}: not JSON")
                    elif b"<h1>" not in response.content:
                        answers.append(f"{viewer} {method} {host} {path}: not the 400 page")

    assert answers == []


def test_an_allowed_host_still_gets_its_pages(production, alice):
    for viewer, client in _viewers(alice).items():
        for path in ("/", "/forum/", "/knowledge/"):
            response = client.get(path, HTTP_HOST="portal.example")
            assert response.status_code == 200, (viewer, path)
