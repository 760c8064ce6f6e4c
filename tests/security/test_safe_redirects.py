"""Every view that follows a visitor-supplied address (`next`) leads only to this site: one
check (`safeurl`), met with a list of addresses browsers would take off-site."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from forum.models import ActionItem, Body, BodyKind, Member
from safeurl import is_safe, safe_next
from tests.conftest import client_for
from tests.factories import PASSWORD
from tests.forum.factories import MeetingFactory

pytestmark = pytest.mark.django_db

HOSTILE = [
    "//evil.com",
    "///evil.com",
    "/\\evil.com",
    "\\\\evil.com",
    "\\/evil.com",
    "https://evil.com",
    "http://evil.com/",
    "https:evil.com",
    "//testserver@evil.com",
    "https://testserver.evil.com/",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "/%5Cevil.com",
    "/%5C%5Cevil.com",
    "/%2F%2Fevil.com",
    "/%09/evil.com",
    " /\tevil.com",
    "/\t/evil.com",
    "/\r\n/evil.com",
    "/\n/evil.com",
    "\x00/evil.com",
    "/\x0b/evil.com",
    "\x1b//evil.com",
    "/\u202e/moc.live",
    "/\u200b/evil.com",
    "/\u2028/evil.com",
    " //evil.com",
    "//evil.com ",
]
# Fine for an HTTP request, refused when the request came over HTTPS (no downgrade).
PLAIN_HTTP = "http://testserver/forum/"


def test_the_helper_refuses_every_hostile_address_and_keeps_this_sites_own():
    request = RequestFactory().get("/")
    secure = RequestFactory().get("/", secure=True)

    assert [url for url in HOSTILE if is_safe(request, url)] == []
    assert [url for url in HOSTILE if is_safe(secure, url)] == []
    for own in ("/forum/", "/nl/forum/me/", "/knowledge/?q=a%5Cb&page=2", "/caf%C3%A9/"):
        assert safe_next(request, own, fallback="/x/") == own
    assert is_safe(request, PLAIN_HTTP)
    assert not is_safe(secure, PLAIN_HTTP)
    assert is_safe(secure, "https://testserver/forum/")
    assert safe_next(request, None, fallback="/x/") == "/x/"
    assert safe_next(request, "", fallback="/x/") == "/x/"


@pytest.fixture
def action_item(alice) -> ActionItem:
    body = Body.objects.create(name="Forum", kind=BodyKind.FORUM)
    Member.objects.create(body=body, user=alice, constituency="business")
    meeting = MeetingFactory(body=body)
    return ActionItem.objects.create(
        body=body, meeting=meeting, title="Draft", owner=alice, due_date=timezone.localdate()
    )


@pytest.mark.parametrize("view", ["forum:action_done", "forum:action_reopen"])
def test_forum_action_buttons_go_back_only_within_the_site(alice, action_item, view):
    client = client_for(alice)
    url = reverse(view, args=[action_item.uid])
    fallback = reverse("forum:actions", args=[action_item.body.slug])

    wrong = []
    for secure in (False, True):
        for target in [*HOSTILE, *([PLAIN_HTTP] if secure else [])]:
            response = client.post(url, {"next": target}, secure=secure)
            if response.status_code != 302 or response["Location"] != fallback:
                wrong.append((secure, target, response.status_code, response.get("Location")))

    assert wrong == []
    assert client.post(url, {"next": "/forum/me/"})["Location"] == "/forum/me/"


def test_language_links_go_only_within_the_site(client):
    url = reverse("choose_language", args=["nl"])

    wrong = []
    for secure in (False, True):
        for target in [*HOSTILE, *([PLAIN_HTTP] if secure else [])]:
            response = client.get(url, {"next": target}, secure=secure)
            if response.status_code != 302 or response["Location"] != "/nl/":
                wrong.append((secure, target, response.status_code, response.get("Location")))

    assert wrong == []
    assert client.get(url, {"next": "/forum/"})["Location"] == "/nl/forum/"


def test_language_form_goes_only_within_the_site(alice):
    client = client_for(alice)
    url = reverse("set_language")

    wrong = []
    for secure in (False, True):
        for target in [*HOSTILE, *([PLAIN_HTTP] if secure else [])]:
            # A hostile Referer is not a way around a refused `next` either.
            response = client.post(
                url, {"language": "nl", "next": target}, secure=secure, HTTP_REFERER=target
            )
            if response.status_code != 302 or response["Location"] != "/nl/":
                wrong.append((secure, target, response.status_code, response.get("Location")))

    assert wrong == []
    response = client.post(url, {"language": "nl", "next": "/forum/"})
    assert response["Location"] == "/nl/forum/"


def test_sign_in_goes_only_within_the_site(alice):
    start = reverse("start")

    wrong = []
    for target in HOSTILE:
        client = Client()
        response = client.post(
            reverse("account_login"), {"login": alice.email, "password": PASSWORD, "next": target}
        )
        if response.status_code != 302 or response["Location"] != start:
            wrong.append((target, response.status_code, response.get("Location")))
        # Already signed in, the sign-in page sends the visitor on to `next` at once.
        response = client.get(reverse("account_login"), {"next": target})
        if response.status_code != 302 or response["Location"] != start:
            wrong.append(("signed in", target, response.status_code, response.get("Location")))

    assert wrong == []
    response = Client().post(
        reverse("account_login"), {"login": alice.email, "password": PASSWORD, "next": "/forum/"}
    )
    assert response["Location"] == "/forum/"


def test_sign_out_goes_only_within_the_site(alice):
    wrong = []
    for target in HOSTILE:
        response = client_for(alice).post(reverse("account_logout"), {"next": target})
        if response.status_code != 302 or response["Location"] != "/":
            wrong.append((target, response.status_code, response.get("Location")))

    assert wrong == []
    response = client_for(alice).post(reverse("account_logout"), {"next": "/forum/"})
    assert response["Location"] == "/forum/"
