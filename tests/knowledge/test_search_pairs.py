"""Phrases narrowed by adjacent word pairs (``knowledge.search.phrases``, migration
0010_search_pairs): what a tsquery needs, the keys computed alike in SQL and Python, and phrase
searches finding exactly what they found without the pairs."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.db import connection
from django.http import QueryDict

from knowledge import search
from knowledge.search import phrases, postgres
from tests.knowledge.conftest import make_practice


def _pairs(text: str) -> set[frozenset[tuple[str, str]]] | None:
    found = phrases.condition(text)
    return None if found is None else set(found)


@pytest.mark.parametrize(
    ("text", "needs"),
    [
        ("'energi' <-> 'save'", {frozenset({("energi", "save")})}),
        ("'a' <-> 'b' <-> 'c'", {frozenset({("a", "b"), ("b", "c")})}),
        ("'a' <-> ( 'b' <-> 'c' )", {frozenset({("a", "b"), ("b", "c")})}),
        (
            "( 'energi' <-> 'save' | 'energy' <-> 'saving' ) & 'cost'",
            {frozenset({("energi", "save")}), frozenset({("energy", "saving")})},
        ),
        ("'it''s' <-> 'x'", {frozenset({("it's", "x")})}),
        ("'a' <-> 'b' & !'c'", {frozenset({("a", "b")})}),
        # No pair every match must hold: a word, words AND'd, a stop word inside the phrase,
        # an alternative without a phrase, a negated or prefixed word at the joint.
        ("'energi'", None),
        ("'a' & 'b'", None),
        ("'cost' <2> 'energi'", None),
        ("'a' <-> 'b' | 'c'", None),
        ("!'a' <-> 'b'", None),
        ("'a':* <-> 'b'", None),
        ("'a' <-> ( 'b' | 'c' )", None),
        ("", None),
        ("'unclosed", None),
    ],
)
def test_what_a_query_needs(text, needs):
    assert _pairs(text) == needs


def test_too_many_alternatives_ask_for_nothing():
    many = " | ".join(f"'a{n}' <-> 'b{n}'" for n in range(phrases.MAX_ALTERNATIVES + 1))
    assert phrases.condition(many) is None


@pytest.mark.django_db
def test_a_vector_holds_the_keys_of_its_adjacent_pairs():
    if connection.vendor != "postgresql":
        pytest.skip("the pair keys are PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT knowledge_pair_keys(to_tsvector('simple', 'energy saving plan')), "
            "knowledge_pair_keys_of(ARRAY['energy saving', 'saving plan']), "
            "knowledge_pair_keys(to_tsvector('english', 'the cost of the energy'))"
        )
        keys, wanted, apart = cursor.fetchone()
    assert sorted(keys) == sorted(wanted)
    assert apart == []  # a stop word between: no pair, "cost" <3> "energi"


def _search(q: str, language: str = "en") -> search.Results:
    params = search.Params.parse(QueryDict(urlencode({"q": q, "sort": "newest"})))
    return search.search(params, language=language)


@pytest.mark.django_db
def test_phrases_find_what_they_found_without_the_pairs(monkeypatch):
    side_by_side = make_practice(title="Saving energy", body="We cut the energy bill by half.")
    apart = make_practice(title="Energy plan", body="A bill we paid for the energy.")
    hyphen = make_practice(title="Eco-efficiency in small firms", body="Start small.")
    make_practice(title="Efficiency of ecology", body="Eco matters.")
    queries = ['"energy bill"', '"bill energy"', "eco-efficiency", '"saving energy" plan']

    with_pairs = [[p.pk for p in _search(q).practices] for q in queries]
    monkeypatch.setattr(postgres, "_pair_filter", lambda q, tsq, args: ("", [], True))
    without = [[p.pk for p in _search(q).practices] for q in queries]

    assert with_pairs == without
    assert with_pairs[0] == [side_by_side.pk]
    assert with_pairs[1] == []
    assert with_pairs[2] == [hyphen.pk]
    assert apart.pk not in with_pairs[0]


@pytest.mark.django_db
def test_a_phrase_search_narrows_with_the_pair_index():
    if connection.vendor != "postgresql":
        pytest.skip("the pair keys are PostgreSQL's")
    params = search.Params.parse(QueryDict(urlencode({"q": '"energy bill"'})))
    sql, args = postgres._find_sql(params, params.q, language="en", relaxed=False, bits=True)
    assert "p.id = ANY(ARRAY(SELECT x.id FROM knowledge_practice x" in sql
    assert "knowledge_pair_keys(x.search_vector) @> knowledge_pair_keys_of(" in sql
    assert ["energy bill"] in args
    plain = search.Params.parse(QueryDict(urlencode({"q": "energy bill"})))
    sql, _args = postgres._find_sql(plain, plain.q, language="en", relaxed=False, bits=True)
    assert "knowledge_pair_keys" not in sql
