"""An API that is JSON all the way: requests generated from /api/openapi.json, with odd slugs,
odd parameter values and every other method, get a status the schema documents for that
operation, as JSON matching the documented schema of that status; addresses no endpoint
answers, server errors and a lost database answer JSON errors too."""

from __future__ import annotations

import copy
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from django.db import OperationalError
from django.test import Client
from openapi_schema_validator import OAS30Validator

from knowledge import search
from knowledge.models import Collection, CollectionItem
from tests.knowledge.conftest import make_practice

pytestmark = pytest.mark.django_db

ODD_SLUGS = [
    "bad slug!",
    "bad%20slug!",
    "ü-ber",
    "%ff",
    "a.b",
    "..",
    "a/b",
    "<script>",
    "x" * 300,
    "nothing-here",
    "'; DROP TABLE x; --",
    "🙂",
]
ODD_VALUES = ["", "x", "-1", "0", "1e9", "99999999999999999999999", "ü", "a,b,,c", "x" * 500]
OTHER_METHODS = ["post", "put", "patch", "delete", "options"]


def _inline(node: Any, root: dict) -> Any:
    """The schema with every $ref replaced by what it points at (the API's have no cycles)."""
    if isinstance(node, dict):
        if "$ref" in node:
            target: Any = root
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            return _inline(copy.deepcopy(target), root)
        return {key: _inline(value, root) for key, value in node.items()}
    if isinstance(node, list):
        return [_inline(value, root) for value in node]
    return node


@pytest.fixture
def schema(client) -> dict:
    response = client.get("/api/openapi.json")
    assert response["Content-Type"] == "application/json"
    return response.json()


@pytest.fixture
def published(db) -> dict[str, str]:
    practice = make_practice(title="Energy guide")
    collection = Collection.objects.create(slug="box", title="Box", is_published=True)
    CollectionItem.objects.create(collection=collection, practice=practice)
    return {"/practices/{slug}/": practice.slug, "/collections/{slug}/": collection.slug}


def _check(response, operation: dict, root: dict, what: str) -> None:
    """The answer's status is documented for the operation, and its body is JSON matching the
    schema documented for that status and content type."""
    status = str(response.status_code)
    assert status in operation["responses"], (what, status, response.content[:200])
    documented = operation["responses"][status]["content"]
    content_type = response["Content-Type"].split(";")[0]
    assert content_type in documented, (what, status, content_type)
    body = response.json()
    OAS30Validator(_inline(documented[content_type]["schema"], root)).validate(body)


def _operations(schema: dict):
    prefix = schema["servers"][0]["url"]
    for route, item in schema["paths"].items():
        for method, operation in item.items():
            yield prefix, route, method, operation


def test_every_operation_answers_documented_json_for_odd_slugs(client, schema, published):
    checked = 0
    for prefix, route, method, operation in _operations(schema):
        if "{slug}" not in route:
            continue
        slugs = [published[route], *ODD_SLUGS]
        for slug in slugs:
            path = prefix + route.replace("{slug}", quote(slug, safe="/%!'<>;"))
            response = getattr(client, method)(path)
            _check(response, operation, schema, path)
            checked += 1
        assert client.get(prefix + route.replace("{slug}", published[route])).status_code == 200
    assert checked == 2 * (len(ODD_SLUGS) + 1)


def test_every_operation_answers_documented_json_for_odd_parameters(client, schema, published):
    for prefix, route, method, operation in _operations(schema):
        path = prefix + route.replace("{slug}", published.get(route, ""))
        for param in operation.get("parameters", []):
            if param["in"] != "query":
                continue
            for value in ODD_VALUES:
                url = f"{path}?{urlencode({param['name']: value})}"
                _check(getattr(client, method)(url), operation, schema, url)


def test_other_methods_are_a_json_405_naming_the_allowed_ones(client, schema, published):
    for prefix, route, _method, _operation in _operations(schema):
        path = prefix + route.replace("{slug}", published.get(route, ""))
        for method in OTHER_METHODS:
            response = getattr(client, method)(path, data="{}", content_type="application/json")

            assert response.status_code == 405, (method, path)
            assert response["Content-Type"] == "application/json"
            assert response["Allow"] == "GET, HEAD"
            assert response.json()["errors"], (method, path)


@pytest.mark.parametrize(
    "path",
    [
        "/api/",
        "/api/v2/practices/",
        "/api/v1/",
        "/api/v1/nothing/",
        "/api/v1/practices/bad%20slug!/",
        "/api/v1/collections/bad%20slug!/",
        "/api/v1/practices/a/b/",
        "/api/v1/practices/%ff/",
        "/api/openapi.yaml",
        "/api/docs/nothing",
    ],
)
def test_addresses_no_endpoint_answers_are_a_json_404(client, db, path):
    response = client.get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == ["errors"]
    assert "no endpoint" in response.json()["errors"][0]


def test_a_redirect_under_the_api_says_where_to_in_json(client, db):
    response = client.get("/api/v1/practices")  # APPEND_SLASH

    assert response.status_code == 301
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"location": "/api/v1/practices/"}


def test_a_server_error_is_a_json_500(db, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(search, "search", broken)
    response = Client(raise_request_exception=False).get("/api/v1/practices/")

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json()["errors"] and "boom" not in response.content.decode()


def test_a_lost_database_is_a_json_503_with_retry_after(db, monkeypatch):
    def lost(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(search, "search", lost)
    response = Client(raise_request_exception=False).get("/api/v1/facets/")

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"]
    assert response.json()["errors"]


def test_a_bad_host_is_a_json_400(client, db):
    response = client.get("/api/v1/practices/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["errors"]


def test_the_pages_outside_the_api_keep_their_html(client, db):
    response = client.get("/knowledge/nothing-here/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert client.get("/api/docs")["Content-Type"].startswith("text/html")
