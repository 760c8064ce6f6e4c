"""Mounted at /api/ by config/urls.py: the versioned JSON API, its schema and its docs page."""

from django.urls import include, path

from knowledge import api

v1 = [
    path("practices/", api.practices, name="practices"),
    path("practices/<slug:slug>/", api.practice, name="practice"),
    path("facets/", api.facets, name="facets"),
    path("collections/", api.collections, name="collections"),
    path("collections/<slug:slug>/", api.collection, name="collection"),
]

urlpatterns = [
    path("v1/", include((v1, "knowledge_api"))),
    path("openapi.json", api.openapi_json, name="openapi"),
    path("docs", api.docs, name="api_docs"),
    path("docs/try", api.try_path, name="api_try"),
]
