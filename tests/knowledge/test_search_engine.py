"""The PostgreSQL search engine at scale: facet keys and facet bits kept by triggers, facet
counts from the bits (equal to the plain engine's, and from the keys when the bits run out),
ranking capped to the best RANKED candidates while paging still reaches every match, and the
"did you mean" vocabulary."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.db import connection
from django.http import QueryDict

import pagecache
from knowledge import search, tasks
from knowledge.models import Practice, Status
from taxonomy.models import Sector, Theme
from tests.knowledge.conftest import make_practice

pytestmark = pytest.mark.django_db


def _search(query: dict, language: str = "en") -> search.Results:
    return search.search(
        search.Params.parse(QueryDict(urlencode(query, doseq=True))), language=language
    )


def _counts(results: search.Results) -> dict[str, dict[str, int]]:
    return {f.name: {v.value: v.count for v in f.values} for f in results.facets}


def test_facet_counts_follow_changes_to_tags(db):
    practice = make_practice(title="Energy guide", themes=["eco-efficiency"], audience=["sme"])

    assert _counts(_search({"q": "energy"}))["theme"] == {"eco-efficiency": 1}
    practice.themes.set(Theme.objects.filter(slug="supply-chain"))
    practice.sectors.add(Sector.objects.get(code="C"))
    practice.audience = ["trainer"]
    practice.save()

    counts = _counts(_search({"q": "energy"}))
    assert counts["theme"] == {"supply-chain": 1}
    assert counts["sector"] == {"C": 1}
    assert counts["audience"] == {"trainer": 1}
    assert _search({"q": "energy", "theme": "eco-efficiency"}).total == 0
    practice.themes.clear()
    assert _counts(_search({"q": "energy"}))["theme"] == {}


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"type": ["checklist", "handbook"]},
        {"language": "fr", "type": "checklist"},
        {"theme": ["supply-chain", "working-conditions"], "audience": "sme"},
        {"sector": "C", "country": "BE", "iso26000": "environment"},
    ],
)
def test_sql_facet_counts_equal_the_plain_engines(corpus, query):
    in_sql = _search(query)
    in_python = _counted_in_python(query)

    assert _counts(in_sql) == in_python["counts"]
    assert in_sql.total == in_python["total"]
    assert [p.pk for p in in_sql.practices] == in_python["page"]


def _counted_in_python(query: dict, language: str = "en") -> dict:
    """The same search counted from the matches' facet keys read through the ORM, as the
    SQLite engine counts them (``plain.rows``, ``facets.pack``, ``facets.tally``)."""
    from knowledge.search import facet_list, facets, plain, postgres

    params = search.Params.parse(QueryDict(urlencode(query, doseq=True)))
    qs = postgres.matching(params.q, language=language) if params.q else None
    found = plain.rows(qs if qs is not None else Practice.objects.published())
    bits, keys = facets.pack([row.keys for row in found])
    counts, passed = facets.tally(bits, keys, params.filters)
    selected = plain.ordered([r for r, ok in zip(found, passed, strict=True) if ok], "newest")
    return {
        "counts": _counts_of(facet_list(params, counts)),
        "total": int(passed.sum()),
        "page": [row.pk for row in selected[: params.page_size]],
    }


def _counts_of(facet_values) -> dict[str, dict[str, int]]:
    return {f.name: {v.value: v.count for v in f.values} for f in facet_values}


def test_when_every_facet_bit_is_taken_new_values_are_counted_from_their_keys(corpus):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO knowledge_facetbit (key, bit) SELECT 'filler:' || n, n FROM "
            "generate_series((SELECT coalesce(max(bit) + 1, 0) FROM knowledge_facetbit), 255) n"
        )
    sector = Sector.objects.create(code="ZZ", name="A sector with no bit left")
    practice = make_practice(title="Energy guide for the new sector", themes=["eco-efficiency"])
    practice.sectors.add(sector)
    with connection.cursor() as cursor:
        cursor.execute("SELECT bit FROM knowledge_facetbit WHERE key = 'sector:ZZ'")
        assert cursor.fetchall() == [(None,)]

    queries = [{"q": "energy"}, {"sector": "ZZ"}, {"theme": "eco-efficiency", "sector": "C"}]
    in_sql = [_search(query) for query in queries]
    in_python = [_counted_in_python(query) for query in queries]

    assert _counts(in_sql[0])["sector"]["ZZ"] == 1
    assert in_sql[1].total == 1
    assert [_counts(r) for r in in_sql] == [r["counts"] for r in in_python]
    assert [r.total for r in in_sql] == [r["total"] for r in in_python]


def test_only_the_best_candidates_are_ranked_but_paging_reaches_every_match(db, monkeypatch):
    monkeypatch.setattr(search.postgres, "RANKED", 3)
    in_title = [make_practice(title=f"Waste plan {n}") for n in range(3)]
    in_body = [make_practice(title=f"Plan {n}", body="About waste.") for n in range(5)]

    seen = []
    for page in (1, 2, 3, 4):
        results = _search({"q": "waste", "page": page, "page_size": 2})
        seen += [p.pk for p in results.practices]

    assert results.total == 8
    assert sorted(seen) == sorted(p.pk for p in in_title + in_body)
    # The title matches are the ranked candidates and lead; body matches follow, newest first.
    assert set(seen[:3]) == {p.pk for p in in_title}
    assert seen[3:] == [p.pk for p in reversed(in_body)]


def test_a_suggestion_comes_from_published_words_only(db):
    make_practice(title="Zeppelinology primer", status=Status.DRAFT)
    make_practice(title="Recycling plan")

    assert search.suggest("zeppelinologi") == ""
    assert search.suggest("recyling plan") == "recycling plan"


def test_rebuilding_the_vocabulary_drops_withdrawn_words(db):
    practice = make_practice(title="Bioplastics roadmap")
    assert search.suggest("bioplastic roadmap") == "bioplastics roadmap"

    Practice.objects.filter(pk=practice.pk).update(status=Status.ARCHIVED)
    tasks.rebuild_search_vocabulary.delay()  # beat's daily task; eager in tests

    # Other words may still come close (labels and synonyms are vocabulary too); not its own.
    assert "bioplastics" not in search.suggest("bioplastic")


def test_facet_labels_are_cached_until_the_taxonomy_changes(
    db, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 300
    make_practice(title="Energy guide", themes=["eco-efficiency"])

    def label() -> str:
        (theme,) = [f for f in _search({"q": "energy"}).facets if f.name == "theme"]
        return {v.value: v.label for v in theme.values}["eco-efficiency"]

    before = label()
    Theme.objects.filter(slug="eco-efficiency").update(name="Renamed area", name_en="Renamed area")
    assert label() == before  # from the cache: no query for the labels
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.changed("taxonomy")  # what a taxonomy change in the admin does

    assert label() == "Renamed area"
