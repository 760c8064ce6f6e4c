"""Atom feeds of new practices (all and per priority area) and the sitemap: published only."""

from __future__ import annotations

import pytest

from knowledge.models import Status
from tests.knowledge.conftest import make_practice
from tests.utils import queries_for

pytestmark = pytest.mark.django_db


def test_the_feed_lists_new_published_practices(client):
    make_practice(title="Fresh guide")
    make_practice(title="Secret draft", status=Status.DRAFT)

    response = client.get("/knowledge/feed/")
    body = response.content.decode()

    assert response["Content-Type"].startswith("application/atom+xml")
    assert "Fresh guide" in body and "Secret draft" not in body


def test_a_theme_feed_lists_only_that_theme(client):
    make_practice(title="Green one", themes=["eco-efficiency"])
    make_practice(title="Supply one", themes=["supply-chain"])

    body = client.get("/knowledge/feed/eco-efficiency/").content.decode()

    assert "Green one" in body and "Supply one" not in body
    assert client.get("/knowledge/feed/no-such-theme/").status_code == 404


def test_the_sitemap_lists_published_practices_only(client):
    published = make_practice(title="Visible")
    draft = make_practice(title="Hidden", status=Status.REVIEW)

    body = client.get("/sitemap.xml").content.decode()

    assert published.get_absolute_url() in body
    assert draft.get_absolute_url() not in body


def test_feeds_keep_a_constant_number_of_queries(client):
    for _ in range(5):
        make_practice(themes=["eco-efficiency"])
    few = queries_for(client, "/knowledge/feed/eco-efficiency/")
    for _ in range(40):
        make_practice(themes=["eco-efficiency"])

    assert queries_for(client, "/knowledge/feed/eco-efficiency/") == few
