"""The read-only JSON API, version 1, and its OpenAPI 3 description.

Plain Django views: the same search and parameters as the library page; results in rank order.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from knowledge import search
from knowledge.models import Collection, Practice, Status

API_VERSION = "1.0.0"


def _error(status: int, errors: list[str]) -> JsonResponse:
    return JsonResponse({"errors": errors}, status=status)


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _summary(practice: Practice) -> dict[str, Any]:
    return {
        "slug": practice.slug,
        "title": practice.title,
        "summary": practice.summary,
        "type": practice.type,
        "themes": [theme.slug for theme in practice.themes.all()],
        "language": practice.language,
        "year": practice.year,
        "published_at": practice.published_at.isoformat() if practice.published_at else None,
        "url": _absolute(practice.get_absolute_url()),
        "api_url": _absolute(reverse("knowledge_api:practice", args=[practice.slug])),
    }


def _params(request: HttpRequest) -> search.Params:
    return search.Params.parse(request.GET, strict=True)


@require_safe
def practices(request: HttpRequest) -> JsonResponse:
    try:
        params = _params(request)
    except search.InvalidParams as invalid:
        return _error(400, invalid.errors)
    results = search.search(params)
    base = _absolute(reverse("knowledge_api:practices"))
    return JsonResponse(
        {
            "count": results.total,
            "page": params.page,
            "page_size": params.page_size,
            "num_pages": results.num_pages,
            "next": base + results.next_url if results.has_next else None,
            "previous": base + results.previous_url if results.has_previous else None,
            "suggestion": results.suggestion or None,
            "results": [{**_summary(p), "rank": round(p.rank, 6)} for p in results.practices],
        }
    )


@require_safe
def practice(request: HttpRequest, slug: str) -> JsonResponse:
    item = (
        Practice.objects.published()
        .prefetch_related("themes", "iso26000", "sectors", "attachments")
        .filter(slug=slug)
        .first()
    )
    if item is None:
        return _error(404, ["No published practice has this slug."])
    return JsonResponse(
        {
            **_summary(item),
            "body": item.body,
            "iso26000": [s.slug for s in item.iso26000.all()],
            "audience": item.audience,
            "sectors": [s.code for s in item.sectors.all()],
            "countries": item.countries,
            "publisher": item.publisher,
            "external_url": item.url or None,
            "attachments": [
                {
                    "kind": a.extension,
                    "size": a.size,
                    "url": _absolute(a.get_absolute_url()),
                }
                for a in item.attachments.all()
            ],
        }
    )


@require_safe
def facets(request: HttpRequest) -> JsonResponse:
    try:
        params = _params(request)
    except search.InvalidParams as invalid:
        return _error(400, invalid.errors)
    results = search.search(params)
    return JsonResponse(
        {
            "count": results.total,
            "facets": {
                facet.name: [
                    {
                        "value": v.value,
                        "label": v.label,
                        "count": v.count,
                        "selected": v.selected,
                    }
                    for v in facet.values
                ]
                for facet in results.facets
            },
        }
    )


def _collection(collection: Collection, *, practices: list[Practice]) -> dict[str, Any]:
    return {
        "slug": collection.slug,
        "title": collection.title,
        "description": collection.description,
        "url": _absolute(collection.get_absolute_url()),
        "practices": [_summary(p) for p in practices],
    }


@require_safe
def collections(request: HttpRequest) -> JsonResponse:
    found = list(Collection.objects.published().prefetch_related("items__practice__themes")[:100])
    return JsonResponse(
        {
            "count": len(found),
            "results": [
                _collection(
                    c,
                    practices=[
                        i.practice for i in c.items.all() if i.practice.status == Status.PUBLISHED
                    ],
                )
                for c in found
            ],
        }
    )


@require_safe
def collection(request: HttpRequest, slug: str) -> JsonResponse:
    found = (
        Collection.objects.published()
        .prefetch_related("items__practice__themes")
        .filter(slug=slug)
        .first()
    )
    if found is None:
        return _error(404, ["No published collection has this slug."])
    return JsonResponse(
        _collection(
            found,
            practices=[
                i.practice for i in found.items.all() if i.practice.status == Status.PUBLISHED
            ],
        )
    )


# --- OpenAPI ----------------------------------------------------------------------------------

_FILTERS = [
    (
        "type",
        "Practice type: guide, checklist, exercise, training, instrument, study, handbook, "
        "good-practice, case-study.",
    ),
    ("theme", "Priority area slug, e.g. eco-efficiency."),
    ("iso26000", "ISO 26000 core subject slug, e.g. labour-practices."),
    ("audience", "Audience: sme, large-enterprise, intermediary, trainer, public-authority."),
    ("sector", "NACE code, e.g. C or C28."),
    ("country", "Country code, e.g. BE."),
    ("language", "Language of the practice: en, nl, fr, de, other."),
]


def _param(name: str, description: str, schema: dict, *, example: Any = None) -> dict:
    param = {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }
    if example is not None:
        param["example"] = example
    return param


def filter_parameters() -> list[dict]:
    return [
        _param(
            "q",
            "Words to search for. Quotes for a phrase, a minus before a word to exclude it, "
            "'or' between alternatives.",
            {"type": "string", "maxLength": search.MAX_QUERY},
            example="energy audit",
        ),
        *(
            {
                **_param(
                    name,
                    f"{text} Repeat the parameter (or separate values with commas) for several "
                    "values: they combine with OR; different filters combine with AND.",
                    {"type": "array", "items": {"type": "string"}},
                ),
                "style": "form",
                "explode": True,
            }
            for name, text in _FILTERS
        ),
    ]


def page_parameters() -> list[dict]:
    return [
        _param(
            "sort",
            "Order of results.",
            {"type": "string", "enum": list(search.SORTS), "default": "relevance"},
        ),
        _param("page", "Page number, from 1.", {"type": "integer", "minimum": 1, "default": 1}),
        _param(
            "page_size",
            f"Results per page, at most {search.MAX_PAGE_SIZE}.",
            {
                "type": "integer",
                "minimum": 1,
                "maximum": search.MAX_PAGE_SIZE,
                "default": search.PAGE_SIZE,
            },
        ),
    ]


def openapi_schema() -> dict[str, Any]:
    summary_properties = {
        "slug": {"type": "string"},
        "title": {"type": "string"},
        "summary": {"type": "string"},
        "type": {"type": "string"},
        "themes": {"type": "array", "items": {"type": "string"}},
        "language": {"type": "string"},
        "year": {"type": "integer", "nullable": True},
        "published_at": {"type": "string", "format": "date-time", "nullable": True},
        "url": {"type": "string", "format": "uri"},
        "api_url": {"type": "string", "format": "uri"},
    }
    errors = {
        "description": "Invalid parameters or not found.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}},
    }
    slug = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Knowledge centre API",
            "version": API_VERSION,
            "description": "Read-only access to the published practices and collections of "
            "the knowledge centre. Search and filters work as on the library page.",
        },
        "servers": [{"url": "/api/v1"}],
        "paths": {
            "/practices/": {
                "get": {
                    "operationId": "listPractices",
                    "summary": "Search and filter practices",
                    "parameters": [*filter_parameters(), *page_parameters()],
                    "responses": {
                        "200": {
                            "description": "A page of practices in rank order.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/PracticePage"}
                                }
                            },
                        },
                        "400": errors,
                    },
                }
            },
            "/practices/{slug}/": {
                "get": {
                    "operationId": "getPractice",
                    "summary": "One published practice",
                    "parameters": [slug],
                    "responses": {
                        "200": {
                            "description": "The practice.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Practice"}
                                }
                            },
                        },
                        "404": errors,
                    },
                }
            },
            "/facets/": {
                "get": {
                    "operationId": "getFacets",
                    "summary": "Facet counts for a search",
                    "parameters": filter_parameters(),
                    "responses": {
                        "200": {
                            "description": "Counts per facet value.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Facets"}
                                }
                            },
                        },
                        "400": errors,
                    },
                }
            },
            "/collections/": {
                "get": {
                    "operationId": "listCollections",
                    "summary": "Curated collections",
                    "responses": {
                        "200": {
                            "description": "Published collections with their practices in order.",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": ["count", "results"],
                                        "properties": {
                                            "count": {"type": "integer"},
                                            "results": {
                                                "type": "array",
                                                "items": {
                                                    "$ref": "#/components/schemas/Collection"
                                                },
                                            },
                                        },
                                    }
                                }
                            },
                        }
                    },
                }
            },
            "/collections/{slug}/": {
                "get": {
                    "operationId": "getCollection",
                    "summary": "One collection",
                    "parameters": [slug],
                    "responses": {
                        "200": {
                            "description": "The collection.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Collection"}
                                }
                            },
                        },
                        "404": errors,
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "PracticeSummary": {
                    "type": "object",
                    "required": list(summary_properties),
                    "properties": summary_properties,
                },
                "PracticePage": {
                    "type": "object",
                    "required": ["count", "page", "page_size", "num_pages", "results"],
                    "properties": {
                        "count": {"type": "integer"},
                        "page": {"type": "integer"},
                        "page_size": {"type": "integer"},
                        "num_pages": {"type": "integer"},
                        "next": {"type": "string", "nullable": True},
                        "previous": {"type": "string", "nullable": True},
                        "suggestion": {"type": "string", "nullable": True},
                        "results": {
                            "type": "array",
                            "items": {
                                "allOf": [
                                    {"$ref": "#/components/schemas/PracticeSummary"},
                                    {"type": "object", "properties": {"rank": {"type": "number"}}},
                                ]
                            },
                        },
                    },
                },
                "Practice": {
                    "allOf": [
                        {"$ref": "#/components/schemas/PracticeSummary"},
                        {
                            "type": "object",
                            "properties": {
                                "body": {"type": "string", "description": "Markdown."},
                                "iso26000": {"type": "array", "items": {"type": "string"}},
                                "audience": {"type": "array", "items": {"type": "string"}},
                                "sectors": {"type": "array", "items": {"type": "string"}},
                                "countries": {"type": "array", "items": {"type": "string"}},
                                "publisher": {"type": "string"},
                                "external_url": {"type": "string", "nullable": True},
                                "attachments": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "properties": {
                                            "kind": {"type": "string"},
                                            "size": {"type": "integer"},
                                            "url": {"type": "string", "format": "uri"},
                                        },
                                    },
                                },
                            },
                        },
                    ]
                },
                "Facets": {
                    "type": "object",
                    "required": ["count", "facets"],
                    "properties": {
                        "count": {"type": "integer"},
                        "facets": {
                            "type": "object",
                            "additionalProperties": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "properties": {
                                        "value": {"type": "string"},
                                        "label": {"type": "string"},
                                        "count": {"type": "integer"},
                                        "selected": {"type": "boolean"},
                                    },
                                },
                            },
                        },
                    },
                },
                "Collection": {
                    "type": "object",
                    "required": ["slug", "title", "practices"],
                    "properties": {
                        "slug": {"type": "string"},
                        "title": {"type": "string"},
                        "description": {"type": "string"},
                        "url": {"type": "string", "format": "uri"},
                        "practices": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/PracticeSummary"},
                        },
                    },
                },
                "Errors": {
                    "type": "object",
                    "required": ["errors"],
                    "properties": {"errors": {"type": "array", "items": {"type": "string"}}},
                },
            }
        },
    }


@require_safe
def openapi_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse(openapi_schema())


@require_safe
def docs(request: HttpRequest):
    """Server-rendered documentation with a GET form per endpoint ("try it", no JavaScript)."""
    schema = openapi_schema()
    endpoints = []
    for route, item in schema["paths"].items():
        operation = item["get"]
        params = operation.get("parameters", [])
        has_path = any(p["in"] == "path" for p in params)
        endpoints.append(
            {
                "route": "/api/v1" + route,
                "operation": operation,
                "query": [p for p in params if p["in"] == "query"],
                "has_path": has_path,
                "action": None if has_path else "/api/v1" + route,
                "id": operation["operationId"],
            }
        )
    return render(request, "knowledge/api_docs.html", {"schema": schema, "endpoints": endpoints})


_PATH_ROUTES = {
    "getPractice": "knowledge_api:practice",
    "getCollection": "knowledge_api:collection",
}


@require_safe
def try_path(request: HttpRequest):
    """The docs' form for endpoints with a slug in the path: send the browser there."""
    route = _PATH_ROUTES.get(request.GET.get("operation", ""))
    slug = request.GET.get("slug", "").strip()
    if route is None or not slug or len(slug) > 80 or not slug.replace("-", "").isalnum():
        return _error(400, ["Give an operation (getPractice or getCollection) and a slug."])
    return redirect(reverse(route, args=[slug]))
