"""Broad searches estimated from a sample (``knowledge.search.postgres._estimate``, migration
0011_search_sample): with the whole library as the sample the estimate is the exact answer, the
page is the one found from every match, and the page says "about"."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.db import connection
from django.http import QueryDict
from django.urls import reverse

from knowledge import search
from knowledge.search import postgres

pytestmark = pytest.mark.django_db

QUERIES = [
    {"q": "energy"},
    {"q": "energy", "type": ["guide", "checklist"], "theme": "eco-efficiency"},
    {"q": "supply chain", "sort": "newest"},
    {"q": '"waste of"'},  # no pair: "of" is an English stop word
    {"q": "waste -plastic"},
    {"q": "energie", "language": "nl"},
    {"q": "energy", "page": 2, "page_size": 3},
]


def _search(query: dict, language: str = "en") -> search.Results:
    params = search.Params.parse(QueryDict(urlencode(query, doseq=True)))
    return search.search(params, language=language)


def _answer(results: search.Results) -> tuple:
    counts = {f.name: {v.value: v.count for v in f.values} for f in results.facets}
    return results.total, [p.pk for p in results.practices], counts


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the estimate is PostgreSQL's")


@pytest.mark.parametrize("query", QUERIES)
def test_with_the_whole_library_as_sample_the_estimate_is_exact(
    postgresql, corpus, monkeypatch, query
):
    exact = _search(query)
    monkeypatch.setattr(postgres, "SAMPLE", 1)
    monkeypatch.setattr(postgres, "ESTIMATE_ABOVE", 0)
    estimated = _search(query)

    assert not exact.estimated
    assert estimated.estimated == (exact.total > 0)
    assert _answer(estimated) == _answer(exact)


def test_few_matches_are_counted_exactly(postgresql, corpus):
    assert not _search({"q": "energy"}).estimated
    assert not _search({"q": "energy", "sort": "title"}).estimated


def test_a_phrase_narrowed_by_its_pairs_is_counted_exactly(postgresql, corpus, monkeypatch):
    monkeypatch.setattr(postgres, "SAMPLE", 1)
    monkeypatch.setattr(postgres, "ESTIMATE_ABOVE", 0)
    results = _search({"q": '"supply chain"'})
    assert results.total
    assert not results.estimated


def test_an_estimate_says_about(postgresql, corpus, client, monkeypatch):
    monkeypatch.setattr(postgres, "SAMPLE", 1)
    monkeypatch.setattr(postgres, "ESTIMATE_ABOVE", 0)
    response = client.get(reverse("knowledge:index"), {"q": "energy"})
    html = response.content.decode()
    assert "About " in html
    assert "(about " in html
    api = client.get(reverse("knowledge_api:practices"), {"q": "energy"}).json()
    assert api["count_estimated"] is True
