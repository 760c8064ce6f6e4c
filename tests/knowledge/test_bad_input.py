"""Odd input never causes a 500: the page is lenient, the API answers 400 with a message."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

ODD = [
    "q=%00",
    "q=%22",
    "q=-",
    "q=or",
    "q=%22%22+-+or+%21%26%7C",
    "q=a:*",
    "q=%27;drop+table",
    "q=caf%C3%A9+%F0%9F%98%80",
    "theme=" + "x" * 500,
    "type=guide&type=guide&type=,,,",
    "page=999999",
    "page=-1",
    "page_size=0",
    "sort=",
    "language=&country=&sector=",
]


@pytest.mark.parametrize("query", ODD)
def test_the_library_survives_odd_input(client, corpus, query):
    assert client.get("/knowledge/?" + query).status_code == 200


@pytest.mark.parametrize("query", ODD)
def test_the_api_answers_odd_input_with_200_or_400(client, corpus, query):
    for url in ("/api/v1/practices/?", "/api/v1/facets/?"):
        response = client.get(url + query)
        assert response.status_code in (200, 400), (url, query)
        assert response["Content-Type"] == "application/json"


def test_a_page_past_the_end_is_empty_not_an_error(client, corpus):
    data = client.get("/api/v1/practices/?page=99").json()

    assert data["results"] == [] and data["count"] == 50
