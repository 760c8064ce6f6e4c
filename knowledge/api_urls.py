"""Mounted at /api/ by config/urls.py: the versioned JSON API, its schema and its docs page.

Every view is read-only and exempt from the CSRF check, so a POST (or PUT, DELETE…) gets the
views' own 405 with ``Allow`` rather than a 403 about a token no API client has; what answers
is JSON whatever the path (knowledge/api_errors.py)."""

from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

from knowledge import api

v1 = [
    path("practices/", csrf_exempt(api.practices), name="practices"),
    path("practices/<slug:slug>/", csrf_exempt(api.practice), name="practice"),
    path("facets/", csrf_exempt(api.facets), name="facets"),
    path("collections/", csrf_exempt(api.collections), name="collections"),
    path("collections/<slug:slug>/", csrf_exempt(api.collection), name="collection"),
]

urlpatterns = [
    path("v1/", include((v1, "knowledge_api"))),
    path("openapi.json", csrf_exempt(api.openapi_json), name="openapi"),
    path("docs", csrf_exempt(api.docs), name="api_docs"),
    path("docs/try", csrf_exempt(api.try_path), name="api_try"),
]
