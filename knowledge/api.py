"""The read-only JSON API, version 1, and its OpenAPI 3 description.

Plain Django views: the same search and parameters as the library page; results in rank order.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from knowledge import search
from knowledge.models import Collection, Practice, Status
from knowledge.openapi import openapi_schema


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


def _searched(request: HttpRequest) -> search.Results | JsonResponse:
    """The search the request's parameters ask for, or the 400 answer naming what is wrong."""
    try:
        params = search.Params.parse(request.GET, strict=True)
    except search.InvalidParams as invalid:
        return _error(400, invalid.errors)
    return search.search(params)


@require_safe
def practices(request: HttpRequest) -> JsonResponse:
    results = _searched(request)
    if isinstance(results, JsonResponse):
        return results
    params = results.params
    base = _absolute(reverse("knowledge_api:practices"))
    return JsonResponse(
        {
            "count": results.total,
            "count_estimated": results.estimated,
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
    results = _searched(request)
    if isinstance(results, JsonResponse):
        return results
    return JsonResponse(
        {
            "count": results.total,
            "count_estimated": results.estimated,
            "facets": {
                facet.name: [
                    {
                        "value": v.value,
                        "label": v.label,
                        "count": v.count,
                        "selected": v.selected,
                        "parent": parent.value if parent else None,
                    }
                    for v, parent in facet.flat
                ]
                for facet in results.facets
            },
        }
    )


def _collection(collection: Collection) -> dict[str, Any]:
    """A collection with its published practices in order."""
    return {
        "slug": collection.slug,
        "title": collection.title,
        "description": collection.description,
        "url": _absolute(collection.get_absolute_url()),
        "practices": [
            _summary(item.practice)
            for item in collection.items.all()
            if item.practice.status == Status.PUBLISHED
        ],
    }


def _collections() -> QuerySet[Collection]:
    return Collection.objects.published().prefetch_related("items__practice__themes")


@require_safe
def collections(request: HttpRequest) -> JsonResponse:
    found = list(_collections()[:100])
    return JsonResponse({"count": len(found), "results": [_collection(c) for c in found]})


@require_safe
def collection(request: HttpRequest, slug: str) -> JsonResponse:
    found = _collections().filter(slug=slug).first()
    if found is None:
        return _error(404, ["No published collection has this slug."])
    return JsonResponse(_collection(found))


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
