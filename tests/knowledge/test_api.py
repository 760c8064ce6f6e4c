"""The JSON API: a valid OpenAPI 3 schema, every documented parameter answered, results in rank
order, capped pages, clear 4xx errors, and constant queries as the library grows."""

from __future__ import annotations

import pytest
from openapi_spec_validator import validate

from knowledge.models import Collection, CollectionItem, Status
from knowledge.openapi import openapi_schema
from taxonomy.models import Theme
from tests.knowledge.conftest import make_practice
from tests.utils import queries_for

pytestmark = pytest.mark.django_db

SAMPLES = {
    "q": "energy",
    "type": "checklist",
    "theme": "eco-efficiency",
    "iso26000": "environment",
    "audience": "sme",
    "sector": "C",
    "country": "BE",
    "language": "en",
    "sort": "title",
    "page": "1",
    "page_size": "5",
}


def test_the_openapi_schema_validates(client, db):
    response = client.get("/api/openapi.json")

    assert response.status_code == 200
    validate(response.json())


def test_the_docs_page_documents_every_endpoint_with_a_form(client, db):
    html = client.get("/api/docs").content.decode()

    for route in openapi_schema()["paths"]:
        assert f"GET /api/v1{route}" in html
    assert html.count('<form method="get"') == len(openapi_schema()["paths"])
    assert "<script" not in html.split("</head>")[1]


def test_every_documented_parameter_is_answered(client, corpus):
    schema = openapi_schema()
    for route, item in schema["paths"].items():
        for param in item["get"].get("parameters", []):
            if param["in"] != "query":
                continue
            response = client.get("/api/v1" + route, {param["name"]: SAMPLES[param["name"]]})
            assert response.status_code == 200, (route, param["name"], response.content)


def test_documented_filters_really_filter(client, corpus):
    everything = client.get("/api/v1/practices/").json()["count"]
    for name in ("type", "theme", "iso26000", "audience", "sector", "country", "language"):
        count = client.get("/api/v1/practices/", {name: SAMPLES[name]}).json()["count"]
        assert 0 < count < everything, name


def test_results_come_in_rank_order_with_the_promised_fields(client, corpus):
    data = client.get("/api/v1/practices/", {"q": "energy audit"}).json()

    assert data["results"][0]["title"] == "Energy audit checklist for small workshops"
    ranks = [r["rank"] for r in data["results"]]
    assert ranks == sorted(ranks, reverse=True)
    first = data["results"][0]
    for key in ("title", "slug", "summary", "type", "themes", "language", "url"):
        assert key in first
    assert set(first["themes"]) == {"sme-growth", "eco-efficiency"}
    assert first["url"].endswith(f"/knowledge/p/{first['slug']}/")


def test_filters_take_several_values_with_or(client, corpus):
    both = client.get("/api/v1/practices/?type=checklist&type=handbook").json()["count"]
    comma = client.get("/api/v1/practices/?type=checklist,handbook").json()["count"]
    one = client.get("/api/v1/practices/?type=checklist").json()["count"]

    assert both == comma > one


def test_page_size_is_capped(client, corpus):
    assert client.get("/api/v1/practices/?page_size=50").json()["page_size"] == 50
    response = client.get("/api/v1/practices/?page_size=51")
    assert response.status_code == 400
    assert "At most 50" in response.json()["errors"][0]


@pytest.mark.parametrize("query", ["page=0", "page=x", "sort=random", "q=" + "a" * 300])
def test_bad_parameters_are_a_400_with_a_message(client, db, query):
    response = client.get("/api/v1/practices/?" + query)

    assert response.status_code == 400
    assert response.json()["errors"]


def test_pagination_links(client, corpus):
    data = client.get("/api/v1/practices/?page_size=10&page=2").json()

    assert data["num_pages"] == 5
    assert data["next"].endswith("/api/v1/practices/?page=3")
    assert data["previous"].endswith("/api/v1/practices/?")
    small = client.get("/api/v1/practices/?page_size=5&sort=title").json()
    assert small["next"].endswith("/api/v1/practices/?sort=title&page=2&page_size=5")


def test_one_practice_and_unpublished_ones_are_404(client, db):
    practice = make_practice(title="Open", audience=["sme"], countries=["BE"])
    draft = make_practice(status=Status.DRAFT)

    data = client.get(f"/api/v1/practices/{practice.slug}/").json()

    assert data["title"] == "Open" and data["audience"] == ["sme"] and data["countries"] == ["BE"]
    assert client.get(f"/api/v1/practices/{draft.slug}/").status_code == 404
    assert client.get("/api/v1/practices/nothing/").status_code == 404


def test_facet_counts(client, corpus):
    data = client.get("/api/v1/facets/", {"language": "fr"}).json()

    assert data["count"] == 8
    types = {v["value"]: v["count"] for v in data["facets"]["type"]}
    assert types["guide"] == 1
    languages = {v["value"]: v for v in data["facets"]["language"]}
    assert languages["fr"]["selected"] and languages["en"]["count"] == 26


def test_collections(client, corpus):
    listing = client.get("/api/v1/collections/").json()
    one = client.get("/api/v1/collections/sme-starter-kit/").json()

    assert listing["count"] == 2
    assert len(one["practices"]) == 10
    assert one["practices"][0]["title"].startswith("Instrument: MVO-zelfscan")
    assert client.get("/api/v1/collections/nothing/").status_code == 404


def test_the_docs_try_form_for_a_slug_redirects_to_the_endpoint(client, db):
    response = client.get("/api/docs/try", {"operation": "getPractice", "slug": "abc-123"})

    assert response.status_code == 302
    assert response["Location"] == "/api/v1/practices/abc-123/"
    assert client.get("/api/docs/try", {"operation": "x", "slug": "a"}).status_code == 400


@pytest.mark.parametrize(
    "url",
    ["/api/v1/practices/?q=guide", "/api/v1/facets/?theme=eco-efficiency", "/api/v1/collections/"],
)
def test_api_lists_keep_a_constant_number_of_queries(client, db, url):
    themes = list(Theme.objects.all()[:3])
    collection = Collection.objects.create(slug="box", title="Box", is_published=True)

    def grow(count: int) -> None:
        for _ in range(count):
            practice = make_practice(title="Guide to eco-efficiency")
            practice.themes.set(themes)
            CollectionItem.objects.create(collection=collection, practice=practice)

    grow(10)
    few = queries_for(client, url)
    grow(490)

    assert queries_for(client, url) == few
