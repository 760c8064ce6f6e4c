"""What a search reads from the shared cache (synonyms, facet tree, labels) is read once per
search (knowledge/search/shared.py), and a search's snippets come from the summary first."""

from __future__ import annotations

import pytest
from django.http import QueryDict

import pagecache
from knowledge import search
from knowledge.search import shared, synonyms
from tests.knowledge.conftest import make_practice

pytestmark = pytest.mark.django_db


@pytest.fixture
def reads(monkeypatch, settings):
    settings.PAGE_CACHE_SECONDS = 60
    counted: list[str] = []
    real = pagecache.remember

    def remember(key, areas, compute):
        counted.append(key)
        return real(key, areas, compute)

    monkeypatch.setattr(pagecache, "remember", remember)
    return counted


def test_a_search_reads_each_shared_value_once(reads):
    make_practice(title="Energy audit", themes=["eco-efficiency"])

    search.search(search.Params.parse(QueryDict("q=energy+audit&type=guide")), language="en")

    assert reads and len(reads) == len(set(reads)), reads


def test_outside_a_search_every_ask_reads_the_cache(reads):
    synonyms.groups()
    synonyms.groups()
    with shared.one_search():
        synonyms.groups()
        synonyms.groups()

    assert reads == ["knowledge:synonyms"] * 3


def test_snippets_mark_the_summary_else_the_start_of_the_body(db):
    make_practice(title="One", summary="Saving energy in the office.", body="Energy again.")
    make_practice(title="Two", summary="A short plan.", body="Start with the energy bills.")

    results = search.search(search.Params.parse(QueryDict("q=energy")), language="en")
    snippets = {p.title: str(p.snippet) for p in results.practices}

    assert snippets["One"] == "Saving <mark>energy</mark> in the office."
    assert "<mark>energy</mark> bills" in snippets["Two"]
    assert "again" not in snippets["One"]
