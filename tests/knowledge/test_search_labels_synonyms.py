"""Facet labels in the full text and curated synonyms, on both engines: a practice is found by
the labels of its priority areas, ISO 26000 subjects, sectors, type and audience in the four
languages, the index follows changes to its tags and to the labels, and synonym groups edited
by curators apply at once."""

from __future__ import annotations

from contextlib import nullcontext

import pytest
from django.db import connection
from django.http import QueryDict
from django.urls import reverse

from knowledge import search
from knowledge.models import SearchSynonyms
from knowledge.search import labels, synonyms
from taxonomy.models import Iso26000Subject, Sector, Theme
from tests.conftest import client_for
from tests.knowledge.conftest import make_practice
from tests.knowledge.engines import SQLITE, on_sqlite

pytestmark = pytest.mark.django_db(databases=["default", SQLITE])
ENGINES = ("postgresql", "sqlite")


@pytest.fixture(params=ENGINES)
def engine(request):
    with on_sqlite() if request.param == "sqlite" else nullcontext():
        yield request.param


def _titles(q: str, language: str = "en") -> list[str]:
    params = search.Params.parse(QueryDict(f"q={q}"))
    return sorted(p.title for p in search.search(params, language=language).practices)


def test_labels_of_every_facet_are_searchable_in_four_languages(engine):
    practice = make_practice(
        title="Our plan", summary="Short.", type="checklist", audience=["sme"], language="fr"
    )
    practice.themes.set(Theme.objects.filter(slug="supply-chain"))
    practice.iso26000.set(Iso26000Subject.objects.filter(slug="human-rights"))
    practice.sectors.set(Sector.objects.filter(code="C28"))
    make_practice(title="Something else", summary="Short.")

    for q in [
        "supply+chain",
        "toeleveringsketen",  # Dutch label of the priority area
        "Lieferketten",  # German
        "ISO+26000+human+rights",
        "droits+de+l'homme",
        "machinery",  # the NACE division
        "checklist",  # the type
        "medium-sized",  # the audience
    ]:
        assert _titles(q) == ["Our plan"], q


def test_the_index_follows_tags_and_label_changes(engine):
    practice = make_practice(title="Our plan", summary="Short.", themes=["supply-chain"])

    assert _titles("supply+chain") == ["Our plan"]
    practice.themes.set(Theme.objects.filter(slug="working-conditions"))
    assert _titles("supply+chain") == []
    theme = Theme.objects.get(slug="working-conditions")
    theme.name_en = "Decent work everywhere"
    theme.save()
    assert _titles("decent") == ["Our plan"]


def test_the_label_table_holds_every_language(engine):
    stored = labels.stored(SQLITE if engine == "sqlite" else "default")

    assert stored[("theme:supply-chain", "en")] == "Responsible supply chains"
    assert {lang for key, lang in stored if key == "theme:supply-chain"} == {"en", "nl", "fr", "de"}
    assert stored[("iso26000:human-rights", "en")].startswith("ISO 26000 ")
    assert stored[("type:checklist", "de")] != stored[("type:checklist", "en")]


def test_synonyms_apply_on_both_engines_and_follow_the_admin(engine):
    SearchSynonyms.objects.all().delete()
    make_practice(title="Inclusion at work", summary="Short.")
    make_practice(title="Energy guide", summary="Short.")
    assert _titles("diversity") == []

    group = SearchSynonyms.objects.create(language="en", terms="diversity\ninclusion")
    assert _titles("diversity") == ["Inclusion at work"]
    assert _titles("diversities") == ["Inclusion at work"]  # by stem
    assert _titles('"diversity"') == []  # quoted: as typed

    group.is_active = False
    group.save()
    assert _titles("diversity") == []


def test_a_query_is_expanded_by_stems_and_keeps_its_other_words(db):
    SearchSynonyms.objects.all().delete()
    SearchSynonyms.objects.create(language="en", terms="energy saving\neco-efficiency")

    expansion = synonyms.expand("Energy savings for bakeries -audit")

    assert expansion.rest == "for bakeries -audit"
    assert [g.terms for g in expansion.groups] == [("energy saving", "eco-efficiency")]
    assert synonyms.expand("bakeries").groups == ()
    assert synonyms.expand("energy or saving").groups == ()


def test_default_synonyms_cover_four_languages_with_a_dozen_groups_each(db):
    counts = {
        language: SearchSynonyms.objects.filter(language=language).count()
        for language in ("en", "nl", "fr", "de")
    }

    assert all(count >= 12 for count in counts.values()), counts
    assert "environmental" in synonyms.vocabulary()


def test_a_misspelling_of_a_synonym_word_is_suggested_on_postgresql(db):
    make_practice(title="Waste plan", summary="About the environment.")

    results = search.search(search.Params.parse(QueryDict("q=enviromental")), language="en")

    assert results.corrected == "environmental"
    assert [p.title for p in results.practices] == ["Waste plan"]


def test_curators_edit_synonyms_in_the_library_group_of_the_admin(staff):
    curator = client_for(staff)
    index = curator.get(reverse("admin:index"))
    response = curator.post(
        reverse("admin:knowledge_searchsynonyms_add"),
        {"language": "en", "terms": "volunteering", "is_active": "on"},
    )

    library = index.content.decode().split("Review queue")[0]
    assert "Search synonyms" in library
    assert response.status_code == 200
    assert "at least two" in response.content.decode()
    response = curator.post(
        reverse("admin:knowledge_searchsynonyms_add"),
        {"language": "en", "terms": "volunteering\ncommunity service", "is_active": "on"},
    )
    assert response.status_code == 302
    assert SearchSynonyms.objects.filter(terms__contains="community service").exists()


def test_postgresql_vectors_hold_the_labels_at_weight_b_in_the_own_language(db):
    practice = make_practice(title="Plan", summary="Short.", themes=["supply-chain"])

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ts_filter(search_vector, '{b}')::text, ts_filter(search_vector, '{d}')::text "
            "FROM knowledge_practice WHERE id = %s",
            [practice.pk],
        )
        weight_b, weight_d = cursor.fetchone()

    assert "'suppli'" in weight_b  # English, stemmed
    assert "'toeleveringsketen'" in weight_d  # Dutch, at the lowest weight
