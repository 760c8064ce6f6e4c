"""The OpenAPI 3 description of the JSON API (knowledge/api.py), served at /api/openapi.json and
drawn as the page /api/docs."""

from __future__ import annotations

from typing import Any

from knowledge import search
from knowledge.models import Audience, PracticeType

API_VERSION = "1.0.0"

_FILTERS = [
    # The values follow the models' choices, so a new type or audience is documented at once.
    ("type", f"Practice type: {', '.join(PracticeType.values)}."),
    ("theme", "Priority area slug, e.g. eco-efficiency."),
    ("iso26000", "ISO 26000 core subject slug, e.g. labour-practices."),
    ("audience", f"Audience: {', '.join(Audience.values)}."),
    (
        "sector",
        "NACE Rev. 2 section or division code, e.g. C or C25; a section takes in its divisions.",
    ),
    ("country", "Country code, e.g. BE."),
    ("language", "Language of the practice: en, nl, fr, de, other."),
]
_NOT_FOUND = (
    "No published {what} has this slug (any text that is not the slug of a published "
    "{what}, spaces and punctuation included)."
)
_TEXT = {"type": "string"}
_URI = {"type": "string", "format": "uri"}
_NULLABLE_TEXT = {"type": "string", "nullable": True}
_INTEGER = {"type": "integer"}
_BOOLEAN = {"type": "boolean"}
_KEYS = {"type": "array", "items": _TEXT}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties: dict[str, Any], *, required: list[str] | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object"}
    if required is not None:
        schema["required"] = required
    return {**schema, "properties": properties}


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
                    _KEYS,
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


# What every operation may answer besides its own errors: the server failing, or the portal
# too busy or without its database for a moment (then with Retry-After). Any status is JSON.
_ALWAYS = {
    "500": "Server error.",
    "503": "Briefly unavailable (overloaded, or the database is down); retry after the "
    "number of seconds in Retry-After.",
}


def _error_response(description: str, *, retry: bool = False) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description,
        "content": {"application/json": {"schema": _ref("Errors")}},
    }
    if retry:
        response["headers"] = {
            "Retry-After": {
                "description": "Seconds to wait before trying again.",
                "schema": _INTEGER,
            }
        }
    return response


def _operation(
    operation_id: str,
    summary: str,
    answer: str,
    schema: dict,
    *,
    parameters: list,
    errors: dict[str, str],
) -> dict[str, Any]:
    """One GET: its 200 answer (``answer``, with ``schema``), its own ``errors`` (status →
    when) and the statuses any operation may answer, every one of them JSON."""
    responses: dict[str, Any] = {
        "200": {"description": answer, "content": {"application/json": {"schema": schema}}}
    }
    for status, description in {**errors, **_ALWAYS}.items():
        responses[status] = _error_response(description, retry=status == "503")
    operation = {"operationId": operation_id, "summary": summary}
    if parameters:
        operation["parameters"] = parameters
    return {"get": {**operation, "responses": responses}}


def _schemas() -> dict[str, Any]:
    summary_properties = {
        "slug": _TEXT,
        "title": _TEXT,
        "summary": _TEXT,
        "type": {"type": "string", "enum": list(PracticeType.values)},
        "themes": _KEYS,
        "language": _TEXT,
        "year": {"type": "integer", "nullable": True},
        "published_at": {"type": "string", "format": "date-time", "nullable": True},
        "url": _URI,
        "api_url": _URI,
    }
    ranked = _object({"rank": {"type": "number"}})
    practice = {
        "body": {"type": "string", "description": "Markdown."},
        "iso26000": _KEYS,
        "audience": {"type": "array", "items": {"type": "string", "enum": list(Audience.values)}},
        "sectors": _KEYS,
        "countries": _KEYS,
        "publisher": _TEXT,
        "external_url": _NULLABLE_TEXT,
        "attachments": {
            "type": "array",
            "items": _object({"kind": _TEXT, "size": _INTEGER, "url": _URI}),
        },
    }
    facet_value = {
        "value": _TEXT,
        "label": _TEXT,
        "count": _INTEGER,
        "selected": {"type": "boolean"},
        "parent": {
            **_NULLABLE_TEXT,
            "description": "The value this one rolls up into (a NACE division's section).",
        },
    }
    estimated = {
        **_BOOLEAN,
        "description": "Whether count (and the facet counts) are estimates: a search matching "
        "many practices is counted from a sample of the library.",
    }
    return {
        "PracticeSummary": _object(summary_properties, required=list(summary_properties)),
        "PracticePage": _object(
            {
                "count": _INTEGER,
                "count_estimated": estimated,
                "page": _INTEGER,
                "page_size": _INTEGER,
                "num_pages": _INTEGER,
                "next": _NULLABLE_TEXT,
                "previous": _NULLABLE_TEXT,
                "suggestion": _NULLABLE_TEXT,
                "results": {
                    "type": "array",
                    "items": {"allOf": [_ref("PracticeSummary"), ranked]},
                },
            },
            required=["count", "page", "page_size", "num_pages", "results"],
        ),
        "Practice": {"allOf": [_ref("PracticeSummary"), _object(practice)]},
        "Facets": _object(
            {
                "count": _INTEGER,
                "count_estimated": estimated,
                "facets": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": _object(facet_value)},
                },
            },
            required=["count", "facets"],
        ),
        "Collection": _object(
            {
                "slug": _TEXT,
                "title": _TEXT,
                "description": _TEXT,
                "url": _URI,
                "practices": {"type": "array", "items": _ref("PracticeSummary")},
            },
            required=["slug", "title", "practices"],
        ),
        "Errors": _object({"errors": _KEYS}, required=["errors"]),
    }


def openapi_schema() -> dict[str, Any]:
    slug = [{"name": "slug", "in": "path", "required": True, "schema": _TEXT}]
    collections = _object(
        {"count": _INTEGER, "results": {"type": "array", "items": _ref("Collection")}},
        required=["count", "results"],
    )
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Knowledge centre API",
            "version": API_VERSION,
            "description": "Read-only access to the published practices and collections of "
            "the knowledge centre. Search and filters work as on the library page. Every "
            "answer is JSON; an error is an object with a list of messages, `errors`. An "
            "address no endpoint answers is a 404, and a method other than GET or HEAD a "
            "405 (with Allow), both in that shape.",
        },
        "servers": [{"url": "/api/v1"}],
        "paths": {
            "/practices/": _operation(
                "listPractices",
                "Search and filter practices",
                "A page of practices in rank order.",
                _ref("PracticePage"),
                parameters=[*filter_parameters(), *page_parameters()],
                errors={"400": "Invalid parameters; each error is named."},
            ),
            "/practices/{slug}/": _operation(
                "getPractice",
                "One published practice",
                "The practice.",
                _ref("Practice"),
                parameters=slug,
                errors={"404": _NOT_FOUND.format(what="practice")},
            ),
            "/facets/": _operation(
                "getFacets",
                "Facet counts for a search",
                "Counts per facet value.",
                _ref("Facets"),
                parameters=filter_parameters(),
                errors={"400": "Invalid parameters; each error is named."},
            ),
            "/collections/": _operation(
                "listCollections",
                "Curated collections",
                "Published collections with their practices in order.",
                collections,
                parameters=[],
                errors={},
            ),
            "/collections/{slug}/": _operation(
                "getCollection",
                "One collection",
                "The collection.",
                _ref("Collection"),
                parameters=slug,
                errors={"404": _NOT_FOUND.format(what="collection")},
            ),
        },
        "components": {"schemas": _schemas()},
    }
