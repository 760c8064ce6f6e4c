"""The plain search used on SQLite (make run), exercised here through the same interface."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from knowledge import search
from knowledge.models import Status
from tests.knowledge.conftest import make_practice

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _plain_engine(monkeypatch):
    monkeypatch.setattr(search, "is_postgres", lambda: False)


def _titles(query: str) -> list[str]:
    return [p.title for p in search.search(search.Params.parse(QueryDict(query))).practices]


def test_every_word_must_appear_and_title_matches_rank_first(db):
    make_practice(title="Waste checklist", summary="For offices.")
    make_practice(title="Office guide", summary="A checklist about waste.")
    make_practice(title="Energy checklist", summary="Nothing else.")

    assert _titles("q=waste+checklist") == ["Waste checklist", "Office guide"]


def test_a_minus_word_excludes(db):
    make_practice(title="Energy audit")
    make_practice(title="Energy bills")

    assert _titles("q=energy+-audit") == ["Energy bills"]


def test_drafts_never_appear_and_facets_still_count(db):
    make_practice(title="Energy guide", summary="Energy tips.", type="guide")
    make_practice(title="Energy draft", status=Status.DRAFT)

    results = search.search(search.Params.parse(QueryDict("q=energy")))

    assert [p.title for p in results.practices] == ["Energy guide"]
    types = next(f for f in results.facets if f.name == "type")
    assert [(v.value, v.count) for v in types.values] == [("guide", 1)]
    assert results.practices[0].snippet == "<mark>Energy</mark> tips."


def test_a_misspelt_title_word_is_corrected(db):
    make_practice(title="Recycling plan")

    results = search.search(search.Params.parse(QueryDict("q=recyling")))

    assert results.corrected == "recycling"
    assert [p.title for p in results.practices] == ["Recycling plan"]


def test_when_no_practice_has_every_word_any_word_finds(db):
    make_practice(title="Waste checklist")
    make_practice(title="Energy guide")

    results = search.search(search.Params.parse(QueryDict("q=waste+xylophone")))

    assert results.relaxed
    assert [p.title for p in results.practices] == ["Waste checklist"]
