"""A signed-out visitor who follows a link to a members-only page gets the same 404 as for a
page that does not exist, with a link to sign in and come back; signed-in visitors get the
plain 404. Neither tells a private object from a missing one."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from forum.models import Meeting
from tests.factories import PASSWORD
from tests.forum.factories import MeetingFactory, MemberFactory

pytestmark = pytest.mark.django_db

SIGN_IN = "Sign in to see this page if you have access"


def _sign_in_link(path: str) -> str:
    return f'href="{reverse("account_login")}?next={quote(path, safe="")}"'


@pytest.fixture
def private_path(db) -> str:
    return MeetingFactory(title="Members-only review").get_absolute_url()


def _uid(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[1]


def _missing_like(path: str) -> str:
    # An address of the same length that names nothing.
    return path.replace(_uid(path), "x" * len(_uid(path)))


def test_signed_out_visitors_are_offered_to_sign_in_and_come_back(client, private_path):
    response = client.get(private_path)

    assert response.status_code == 404
    html = response.content.decode()
    assert SIGN_IN in html
    assert _sign_in_link(private_path) in html
    assert "Members-only review" not in html


def test_a_private_page_and_a_missing_one_answer_alike(client, private_path):
    missing = _missing_like(private_path)

    private = client.get(private_path)
    absent = client.get(missing)

    assert private.status_code == absent.status_code == 404
    assert len(private.content) == len(absent.content)
    uid, other = _uid(private_path), _uid(missing)
    assert private.content.decode().replace(uid, other) == absent.content.decode()
    assert sorted(private.headers.items()) == sorted(absent.headers.items())


def test_signed_in_visitors_get_the_plain_not_found(bob_client, private_path):
    private = bob_client.get(private_path)
    absent = bob_client.get(_missing_like(private_path))

    assert private.status_code == absent.status_code == 404
    assert SIGN_IN not in private.content.decode()
    assert SIGN_IN not in absent.content.decode()
    assert len(private.content) == len(absent.content)


def test_the_link_returns_a_member_to_the_page(alice, private_path):
    MemberFactory(body=Meeting.objects.get().body, user=alice)
    client = Client()
    assert client.get(private_path).status_code == 404

    response = client.post(
        f"{reverse('account_login')}?next={quote(private_path, safe='')}",
        {"login": alice.email, "password": PASSWORD},
    )

    assert response.status_code == 302
    assert response.url == private_path
    assert client.get(private_path).status_code == 200


def test_an_address_that_could_leave_the_site_comes_back_home(client):
    response = client.get("/%5Cevil.example/")

    assert response.status_code == 404
    assert _sign_in_link("/") in response.content.decode()
    assert "evil.example" not in response.content.decode().split(SIGN_IN)[0].rsplit("<a", 1)[1]
