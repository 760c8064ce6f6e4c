"""Multilingual search on PostgreSQL: each practice keeps its own language; a query is stemmed
in the interface language and also matched word for word, so it finds practices in any
language, and practices in the reader's language rank first at equal relevance."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from knowledge import search
from tests.knowledge.conftest import make_practice

pytestmark = pytest.mark.django_db

SUMMARIES = {
    "en": "How a small team improves its work step by step.",
    "nl": "Hoe een klein team stap voor stap zijn werk verbetert.",
    "fr": "Comment une petite équipe améliore son travail pas à pas.",
    "de": "Wie ein kleines Team seine Arbeit Schritt für Schritt verbessert.",
}


def _languages(q: str, interface: str) -> list[str]:
    results = search.search(search.Params.parse(QueryDict(f"q={q}")), language=interface)
    return [p.language for p in results.practices]


@pytest.fixture
def kaizen(db) -> None:
    # The same title in four languages: the text matches equally well in each.
    for language, summary in SUMMARIES.items():
        make_practice(title="ISO50001 Kaizen", summary=summary, body="", language=language)


@pytest.mark.parametrize("interface", ["en", "nl", "fr", "de"])
def test_a_query_finds_practices_in_every_language(kaizen, interface):
    assert sorted(_languages("ISO50001", interface)) == ["de", "en", "fr", "nl"]


@pytest.mark.parametrize("interface", ["en", "nl", "fr", "de"])
def test_practices_in_the_readers_language_come_first(kaizen, interface):
    assert _languages("ISO50001", interface)[0] == interface


def test_a_much_better_match_in_another_language_still_leads(db):
    make_practice(
        title="Lieferkette prüfen",
        summary="Die Lieferkette Schritt für Schritt prüfen: Lieferkette und Lieferanten.",
        language="de",
    )
    make_practice(title="Supplier audits", body="Also called Lieferkette checks.", language="en")

    assert _languages("Lieferkette", "en") == ["de", "en"]


def test_the_query_is_stemmed_in_the_interface_language(db):
    make_practice(
        title="Duurzame inkoop", summary="Kies een leverancier met een keurmerk.", language="nl"
    )

    dutch = search.search(search.Params.parse(QueryDict("q=leveranciers")), language="nl")
    english = search.search(search.Params.parse(QueryDict("q=leveranciers")), language="en")

    # Dutch stemming takes "leveranciers" to the practice's "leverancier"; English stemming
    # does not, so there only the spelling suggestion finds it.
    assert [p.language for p in dutch.practices] == ["nl"]
    assert dutch.corrected == ""
    assert english.corrected == "leverancier"


def test_an_english_query_is_stemmed_in_english(db):
    make_practice(title="Recycling plan", summary="Sort and recycle office waste.", language="en")
    make_practice(title="Recyclingplan", summary="Afval scheiden op kantoor.", language="nl")

    assert _languages("recycled", "en") == ["en"]


def test_accents_do_not_matter_in_any_language(db):
    make_practice(title="Égalité des chances", summary="Recruter sans préjugés.", language="fr")

    assert _languages("egalite", "en") == ["fr"]
    assert _languages("préjugés", "de") == ["fr"]
