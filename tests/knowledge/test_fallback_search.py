"""The SQLite engine (make run): FTS5 with BM25 and Snowball stems, run on a real SQLite database
(tests/knowledge/engines.py) through the same interface as PostgreSQL's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connections
from django.http import QueryDict
from django.utils import timezone

from knowledge import search
from knowledge.models import SearchSynonyms, Status
from knowledge.search import plain
from taxonomy.models import Theme
from tests.knowledge.conftest import make_practice
from tests.knowledge.engines import SQLITE, on_sqlite

pytestmark = pytest.mark.django_db(databases=["default", SQLITE])


@pytest.fixture(autouse=True)
def _sqlite():
    with on_sqlite():
        assert not search.is_postgres()
        yield


def _search(query: str, language: str = "en") -> search.Results:
    return search.search(search.Params.parse(QueryDict(query)), language=language)


def _titles(query: str, language: str = "en") -> list[str]:
    return [p.title for p in _search(query, language).practices]


def test_every_word_must_appear_and_title_matches_rank_first():
    make_practice(title="Waste checklist", summary="For offices.")
    make_practice(title="Office guide", summary="A checklist about waste.")
    make_practice(title="Energy checklist", summary="Nothing else.")

    assert _titles("q=waste+checklist") == ["Waste checklist", "Office guide"]


def test_words_match_by_their_stem_and_without_accents():
    make_practice(title="Recycling plan for offices")
    make_practice(title="Égalité des chances", summary="Un guide.", language="fr")

    assert _titles("q=recycled") == ["Recycling plan for offices"]
    assert _titles("q=office") == ["Recycling plan for offices"]
    assert _titles("q=egalite") == ["Égalité des chances"]
    assert _titles("q=égalités", "fr") == ["Égalité des chances"]


def test_a_minus_word_excludes():
    make_practice(title="Energy audit")
    make_practice(title="Energy bills")

    assert _titles("q=energy+-audit") == ["Energy bills"]


def test_a_quoted_phrase_and_or():
    make_practice(title="Code of conduct for suppliers")
    make_practice(title="Conduct a code review")
    make_practice(title="Bakery apprentices")

    assert _titles("q=%22code+of+conduct%22") == ["Code of conduct for suppliers"]
    assert sorted(_titles("q=bakery+or+review")) == ["Bakery apprentices", "Conduct a code review"]


def test_drafts_never_appear_and_facets_still_count():
    make_practice(title="Energy guide", summary="Energy tips.", type="guide")
    make_practice(title="Energy draft", status=Status.DRAFT)

    results = _search("q=energy")

    assert [p.title for p in results.practices] == ["Energy guide"]
    types = next(f for f in results.facets if f.name == "type")
    assert [(v.value, v.count) for v in types.values] == [("guide", 1)]
    assert results.practices[0].snippet == "<mark>Energy</mark> tips."


def test_a_misspelt_word_is_corrected_from_the_whole_vocabulary():
    make_practice(title="Plan", summary="A plan.", body="How to start recycling at work.")

    results = _search("q=recyling")

    assert results.corrected == "recycling"
    assert [p.title for p in results.practices] == ["Plan"]


def test_when_no_practice_has_every_word_any_word_finds():
    make_practice(title="Waste checklist")
    make_practice(title="Energy guide")

    results = _search("q=waste+xylophone")

    assert results.relaxed
    assert [p.title for p in results.practices] == ["Waste checklist"]


def test_priority_area_labels_are_searchable_in_four_languages_and_follow_changes():
    practice = make_practice(title="Buying from small firms", themes=["supply-chain"])
    make_practice(title="Another guide")

    assert _titles("q=supply+chain") == ["Buying from small firms"]
    assert _titles("q=toeleveringsketen") == ["Buying from small firms"]
    practice.themes.clear()
    assert _titles("q=supply+chain") == []
    practice.themes.set(Theme.objects.filter(slug="working-conditions"))
    assert _titles("q=working+conditions") == ["Buying from small firms"]


def test_changes_to_a_practice_are_searchable_at_once():
    practice = make_practice(title="Energy guide")
    assert _titles("q=energy") == ["Energy guide"]

    practice.title = "Water guide"
    practice.save()
    assert _titles("q=energy") == []
    assert _titles("q=water") == ["Water guide"]
    practice.status = Status.ARCHIVED
    practice.save()
    assert _titles("q=water") == []


def test_curated_synonyms_find_each_other():
    SearchSynonyms.objects.all().delete()
    make_practice(title="Inclusion at work")
    make_practice(title="Energy guide")
    assert _titles("q=diversity") == []

    SearchSynonyms.objects.create(language="en", terms="diversity\ninclusion")

    assert _titles("q=diversity") == ["Inclusion at work"]
    assert _titles("q=diversity+work") == ["Inclusion at work"]
    # No practice has both: only the "any of the words" fallback finds them.
    assert _search("q=diversity+energy").relaxed


def test_the_index_catches_up_with_what_changed_and_nothing_more():
    make_practice(title="Energy guide")
    plain.refresh()

    assert plain.refresh() == 0
    make_practice(title="Water guide")
    assert plain.refresh() == 1
    with connections[SQLITE].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM knowledge_fts")
        assert cursor.fetchone() == (2,)


def test_saved_search_alerts_match_like_the_search():
    before = timezone.now() - timedelta(days=1)
    make_practice(title="Energy guide", themes=["eco-efficiency"])
    make_practice(title="Energy draft", status=Status.DRAFT)
    make_practice(title="Water guide")

    params = search.Params.parse(QueryDict("q=energies&theme=eco-efficiency"))

    assert [p.title for p in search.new_matches(params, since=before)] == ["Energy guide"]


def test_the_did_you_mean_vocabulary_keeps_indexed_words_and_a_rebuild_drops_gone_ones():
    practice = make_practice(title="Plan", summary="A plan.", body="Composting at work.")
    _search("q=plan")  # indexes the practice
    with connections[SQLITE].cursor() as cursor:
        cursor.execute("SELECT length FROM knowledge_fts_word WHERE word = 'composting'")
        assert cursor.fetchone() == (10,)

    practice.body = "Nothing else."
    practice.save()
    plain.rebuild()

    with connections[SQLITE].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM knowledge_fts_word WHERE word = 'composting'")
        assert cursor.fetchone() == (0,)
    assert _search("q=compostng").corrected == ""


def test_words_that_cannot_be_close_enough_are_dropped_and_the_suggestion_is_difflibs():
    import difflib

    words = ["recycling", "recyclers", "bicycling", "wrestling", "xylophone", "cycling", "recital"]
    for typed in ["recyling", "recylcing", "bycicling", "zzzzzzz", "recycling"]:
        kept = plain._reachable(typed, words)
        every = difflib.get_close_matches(typed, words, n=len(words), cutoff=plain.CLOSE)
        assert set(every) <= set(kept), typed
        assert difflib.get_close_matches(typed, kept, n=1, cutoff=plain.CLOSE) == every[:1]
    assert plain._reachable("recyling", words) != words  # it does leave words out
