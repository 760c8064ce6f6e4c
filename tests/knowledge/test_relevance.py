"""The search engines' relevance test over the demo corpus: judged queries (keywords, phrases,
stemming variants, typos, an exclusion, Dutch/French/German, facet labels, synonyms, filtered),
scored with nDCG@10 on both engines — PostgreSQL (the test database) and SQLite (FTS5, on the
in-memory ``sqlite`` database, tests/knowledge/engines.py). Both means are printed (run with -s
to see them); the SQLite engine must reach 95 % of PostgreSQL's, and neither may fall below
``FLOOR``."""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from urllib.parse import urlencode

import pytest
from django.http import QueryDict

from knowledge import demo, search
from knowledge.models import Practice, Status
from tests.knowledge.engines import SQLITE, on_sqlite

pytestmark = pytest.mark.django_db(databases=["default", SQLITE])

# PostgreSQL's mean nDCG@10 over the 28 judged queries (the first 28 below) before issue 14
# (facet labels in the full text, synonyms, the SQLite engine on FTS5), measured on this corpus.
# Neither engine may fall below it, on those 28 or on the whole set.
FLOOR = 0.883
ENGINES = ("postgresql", "sqlite")
ORIGINAL = 28

# Practices about the environment (the ISO 26000 subject): the English ones at the heart of it.
ENVIRONMENTAL = {
    "demo-en-01": 2,
    "demo-en-10": 2,
    "demo-en-12": 2,
    "demo-en-17": 2,
    "demo-nl-01": 1,
    "demo-nl-05": 1,
    "demo-nl-08": 1,
    "demo-fr-02": 1,
    "demo-fr-03": 1,
    "demo-fr-07": 1,
    "demo-de-02": 1,
    "demo-de-04": 1,
    "demo-de-07": 1,
}
ALL_PUBLISHED = [
    *(f"en-{n:02d}" for n in range(1, 19)),
    *(f"nl-{n:02d}" for n in range(1, 10)),
    *(f"fr-{n:02d}" for n in range(1, 9)),
    *(f"de-{n:02d}" for n in range(1, 8)),
    *(f"mts-{n:02d}" for n in range(1, 9)),
]

# (description, query string, interface language, {source id: grade}) — 2 = what the searcher
# wants, 1 = also useful. Grades were set by reading the practices, not the engine's output.
JUDGEMENTS: list[tuple[str, dict, str, dict[str, int]]] = [
    ("keywords", {"q": "energy audit"}, "en", {"demo-en-01": 2, "demo-nl-05": 1, "demo-de-02": 1}),
    (
        "keywords",
        {"q": "supplier code of conduct"},
        "en",
        {"demo-en-02": 2, "demo-de-01": 1, "demo-en-11": 1},
    ),
    ("phrase", {"q": '"code of conduct"'}, "en", {"demo-en-02": 2}),
    ("stemming: plural", {"q": "apprentices"}, "en", {"demo-en-04": 2}),
    ("stemming: other form", {"q": "apprenticeship"}, "en", {"demo-en-04": 2}),
    (
        "stemming: recycled/recycling",
        {"q": "recycled"},
        "en",
        {"demo-en-12": 2, "demo-en-10": 2, "demo-de-07": 1, "demo-fr-03": 1},
    ),
    ("typo", {"q": "enrgy audit"}, "en", {"demo-en-01": 2, "demo-nl-05": 1}),
    # The DESIGN-MTS association module and position paper (issue 15) are about the sector's
    # multi-stakeholder platform, tagged stakeholder engagement: also useful.
    (
        "typo",
        {"q": "stakeholdr dialogue"},
        "en",
        {"demo-en-06": 2, "demo-fr-04": 1, "demo-mts-05": 1, "demo-mts-06": 1},
    ),
    ("exclusion", {"q": "energy -audit"}, "en", {"demo-en-17": 2, "demo-nl-05": 1}),
    ("keywords", {"q": "training for team leaders"}, "en", {"demo-en-08": 2, "demo-de-03": 1}),
    ("keywords", {"q": "carbon footprint"}, "en", {"demo-en-17": 2}),
    (
        "keywords",
        {"q": "sustainability report"},
        "en",
        {"demo-en-07": 2, "demo-de-04": 1, "demo-fr-06": 1},
    ),
    ("keywords", {"q": "disabilities"}, "en", {"demo-en-18": 2, "demo-fr-01": 1}),
    ("or", {"q": "bakery or laundry"}, "en", {"demo-en-04": 2, "demo-fr-03": 1}),
    ("Dutch", {"q": "duurzame inkoop"}, "en", {"demo-nl-01": 2, "demo-fr-02": 1}),
    ("Dutch", {"q": "werkdruk"}, "en", {"demo-nl-07": 2}),
    ("Dutch", {"q": "diversiteit"}, "en", {"demo-nl-03": 2, "demo-de-05": 1}),
    ("Dutch, stemmed in a Dutch interface", {"q": "leverancier"}, "nl", {"demo-nl-01": 2}),
    ("French", {"q": "égalité des chances"}, "en", {"demo-fr-01": 2}),
    ("French without accents", {"q": "egalite des chances"}, "en", {"demo-fr-01": 2}),
    ("French", {"q": "achats responsables"}, "fr", {"demo-fr-02": 2, "demo-nl-01": 1}),
    (
        "French",
        {"q": "parties prenantes"},
        "en",
        {"demo-fr-04": 2, "demo-en-06": 1, "demo-mts-05": 1, "demo-mts-06": 1},
    ),
    ("German", {"q": "Lieferkette"}, "en", {"demo-de-01": 2, "demo-en-02": 1}),
    ("German", {"q": "Nachhaltigkeitsbericht"}, "de", {"demo-de-04": 2, "demo-en-07": 1}),
    ("German", {"q": "Energieeffizienz"}, "en", {"demo-de-02": 2}),
    (
        "filtered: keyword and language",
        {"q": "checklist", "language": "en"},
        "en",
        {"demo-en-01": 2, "demo-en-12": 2},
    ),
    (
        "filtered: two themes (OR) and a language (AND)",
        {"theme": ["supply-chain", "working-conditions"], "language": "fr"},
        "en",
        {"demo-fr-02": 2, "demo-fr-07": 2, "demo-fr-05": 2},
    ),
    (
        "filtered: type and audience",
        {"type": "training", "audience": "trainer"},
        "en",
        {"demo-en-08": 2, "demo-en-16": 2, "demo-nl-06": 2, "demo-fr-02": 2, "demo-de-03": 2},
    ),
    # Issue 14: ordinary queries that must find practices on both engines (labels, synonyms).
    (
        "labels",
        {"q": "supply chain"},
        "en",
        {
            "demo-en-02": 2,
            "demo-de-01": 2,
            "demo-fr-02": 2,
            "demo-fr-07": 2,
            "demo-en-11": 1,
            "demo-nl-01": 1,
            "demo-nl-09": 1,
        },
    ),
    (
        "labels",
        {"q": "supply"},
        "en",
        {
            "demo-en-02": 2,
            "demo-de-01": 1,
            "demo-fr-02": 1,
            "demo-fr-07": 1,
            "demo-en-11": 1,
            "demo-nl-01": 1,
            "demo-nl-09": 1,
        },
    ),
    ("labels", {"q": "environmental"}, "en", ENVIRONMENTAL),
    ("typo", {"q": "enviromental"}, "en", ENVIRONMENTAL),
    (
        "labels",
        {"q": "human rights small business"},
        "en",
        {"demo-en-11": 2, "demo-en-02": 2, "demo-de-01": 1, "demo-fr-07": 1, "demo-nl-09": 1},
    ),
    (
        "labels",
        {"q": "ISO 26000 human rights"},
        "en",
        {
            "demo-en-11": 2,
            "demo-de-01": 2,
            "demo-en-02": 1,
            "demo-fr-07": 1,
            "demo-nl-09": 1,
            "demo-en-18": 1,
            "demo-en-05": 1,
            "demo-nl-03": 1,
            "demo-fr-01": 1,
        },
    ),
    # Every published practice is tagged with a subject: any of them answers.
    ("labels", {"q": "ISO 26000"}, "en", {f"demo-{sid}": 1 for sid in ALL_PUBLISHED}),
    (
        "synonyms",
        {"q": "equal opportunities"},
        "en",
        {
            "demo-fr-01": 2,
            "demo-en-05": 2,
            "demo-en-18": 2,
            "demo-nl-03": 1,
            "demo-de-05": 1,
            "demo-fr-08": 1,
            "demo-en-14": 1,
        },
    ),
    (
        "synonyms",
        {"q": "energy saving"},
        "en",
        {
            "demo-en-01": 2,
            "demo-nl-05": 2,
            "demo-de-02": 2,
            "demo-en-17": 1,
            "demo-en-10": 1,
            "demo-en-12": 1,
            "demo-nl-01": 1,
            "demo-fr-03": 1,
            "demo-de-07": 1,
        },
    ),
    (
        "synonyms",
        {"q": "diversity"},
        "en",
        {
            "demo-en-05": 2,
            "demo-nl-03": 2,
            "demo-de-05": 2,
            "demo-en-18": 1,
            "demo-fr-01": 1,
            "demo-en-14": 1,
            "demo-fr-08": 1,
        },
    ),
    (
        "French, synonyms",
        {"q": "développement durable"},
        "fr",
        {
            "demo-nl-06": 2,
            "demo-fr-03": 1,
            "demo-de-07": 1,
            "demo-en-10": 1,
            "demo-en-15": 1,
            "demo-en-07": 1,
            "demo-de-04": 1,
            "demo-fr-06": 1,
        },
    ),
    (
        "Dutch, labels",
        {"q": "mensenrechten"},
        "nl",
        {"demo-en-11": 2, "demo-de-01": 2, "demo-nl-09": 1, "demo-en-02": 1, "demo-fr-07": 1},
    ),
    (
        "Dutch, synonyms",
        {"q": "gelijke kansen"},
        "nl",
        {
            "demo-nl-03": 2,
            "demo-fr-01": 2,
            "demo-en-05": 1,
            "demo-en-18": 1,
            "demo-de-05": 1,
            "demo-fr-08": 1,
            "demo-en-14": 1,
        },
    ),
    (
        "French, synonyms",
        {"q": "économies d'énergie"},
        "fr",
        {"demo-en-01": 2, "demo-nl-05": 2, "demo-de-02": 2, "demo-en-17": 1, "demo-fr-03": 1},
    ),
    (
        "French, labels",
        {"q": "chaîne d'approvisionnement"},
        "fr",
        {
            "demo-fr-02": 2,
            "demo-fr-07": 2,
            "demo-de-01": 1,
            "demo-en-02": 1,
            "demo-en-11": 1,
            "demo-nl-01": 1,
            "demo-nl-09": 1,
        },
    ),
    (
        "German, synonyms",
        {"q": "Vielfalt"},
        "de",
        {
            "demo-de-05": 2,
            "demo-nl-03": 1,
            "demo-en-05": 1,
            "demo-fr-01": 1,
            "demo-en-18": 1,
            "demo-en-14": 1,
            "demo-fr-08": 1,
        },
    ),
    (
        "German, labels",
        {"q": "Lieferkette Menschenrechte"},
        "de",
        {"demo-de-01": 2, "demo-en-11": 1, "demo-en-02": 1, "demo-fr-07": 1},
    ),
]


def ndcg_at_10(ranked: list[str], grades: dict[str, int]) -> float:
    def dcg(gains: list[int]) -> float:
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains[:10]))

    ideal = dcg(sorted(grades.values(), reverse=True))
    return dcg([grades.get(source_id, 0) for source_id in ranked]) / ideal if ideal else 0.0


@pytest.fixture
def both(corpus) -> None:
    """The demo corpus on both databases."""
    with on_sqlite():
        demo.seed()


@contextmanager
def engine(name: str) -> Iterator[None]:
    with on_sqlite() if name == "sqlite" else nullcontext():
        assert search.is_postgres() == (name == "postgresql")
        yield


def _ranked(query: dict, language: str) -> list[str]:
    params = search.Params.parse(QueryDict(urlencode(query, doseq=True)))
    results = search.search(params, language=language)
    return [p.source_id for p in results.practices]


def _scores(name: str) -> list[tuple[float, str, dict]]:
    with engine(name):
        return [
            (ndcg_at_10(_ranked(query, language), grades), kind, query)
            for kind, query, language, grades in JUDGEMENTS
        ]


def _mean(scores: list[tuple[float, str, dict]]) -> float:
    return sum(score for score, *_ in scores) / len(scores)


def test_at_least_forty_judged_queries_with_every_kind_in_four_languages():
    kinds = {kind.split(":")[0].split(",")[0] for kind, *_ in JUDGEMENTS}
    interface_languages = {language for _kind, _query, language, _grades in JUDGEMENTS}

    assert len(JUDGEMENTS) >= 40
    assert {"keywords", "phrase", "stemming", "typo", "exclusion", "Dutch", "French"} <= kinds
    assert {"German", "filtered", "labels", "synonyms"} <= kinds
    assert interface_languages == {"en", "nl", "fr", "de"}
    judged = {sid for *_, grades in JUDGEMENTS for sid in grades}
    assert judged <= {f"demo-{sid}" for sid in ALL_PUBLISHED}


def test_mean_ndcg_at_10_on_both_engines(both, capsys):
    scores = {name: _scores(name) for name in ENGINES}
    means = {name: _mean(found) for name, found in scores.items()}
    with capsys.disabled():
        for name, found in scores.items():
            print(
                f"\nknowledge search ({name}): mean nDCG@10 = {means[name]:.3f} over "
                f"{len(found)} judged queries (first {ORIGINAL}: {_mean(found[:ORIGINAL]):.3f})"
            )
            for score, kind, query in sorted(found, key=lambda s: s[0])[:5]:
                print(f"  {score:.3f}  {kind}: {query}")

    for name, found in scores.items():
        assert means[name] >= FLOOR, (name, found)
        assert _mean(found[:ORIGINAL]) >= FLOOR, (name, found[:ORIGINAL])
        assert all(score > 0 for score, *_ in found), [s for s in found if s[0] == 0]
    assert means["sqlite"] >= 0.95 * means["postgresql"], means


@pytest.mark.parametrize("name", ENGINES)
def test_the_best_answer_comes_first_for_each_query(both, name):
    misses = []
    with engine(name):
        # The first judged queries: the queries added for issue 14 count through nDCG only, as
        # several reach their best answer through a label or synonym in another language only.
        for kind, query, language, grades in JUDGEMENTS[:ORIGINAL]:
            if "filtered" in kind or kind == "exclusion":
                # Filters without words rank by date; an exclusion's intent is what is left out
                # (test_an_excluded_word_never_comes_back).
                continue
            ranked = _ranked(query, language)
            best = max(grades.values())
            if not ranked or grades.get(ranked[0], 0) != best:
                misses.append((kind, query, ranked[:3]))
    assert misses == [], "\n".join(map(str, misses))


@pytest.mark.parametrize("name", ENGINES)
def test_the_ordinary_queries_of_issue_14_find_the_tagged_practices(both, name):
    with engine(name):
        tagged = {
            theme: set(
                Practice.objects.published()
                .filter(themes__slug=theme)
                .values_list("source_id", flat=True)
            )
            for theme in ("supply-chain", "eco-efficiency", "diversity-equal-opportunities")
        }
        found = {}
        for q, language in [
            ("supply chain", "en"),
            ("supply", "en"),
            ("environmental", "en"),
            ("human rights small business", "en"),
            ("equal opportunities", "en"),
            ("ISO 26000", "en"),
            ("développement durable", "fr"),
            ("energy saving", "en"),
            ("diversity", "en"),
        ]:
            params = search.Params.parse(QueryDict(urlencode({"q": q})))
            params.page_size = 50
            found[q] = {p.source_id for p in search.search(params, language=language).practices}
        typo = search.search(search.Params.parse(QueryDict("q=enviromental")), language="en")

    assert all(found.values()), found
    assert len(tagged["supply-chain"]) == 7
    assert tagged["supply-chain"] <= found["supply chain"]
    assert tagged["eco-efficiency"] <= found["energy saving"]
    assert tagged["diversity-equal-opportunities"] <= found["diversity"]
    assert tagged["diversity-equal-opportunities"] <= found["equal opportunities"]
    assert len(found["ISO 26000"]) == len(ALL_PUBLISHED)
    assert typo.corrected == "environmental"
    assert {p.source_id for p in typo.practices} >= {"demo-en-01", "demo-en-17"}


def test_an_excluded_word_never_comes_back(corpus):
    ranked = _ranked({"q": "energy -audit"}, "en")

    assert ranked
    assert "demo-en-01" not in ranked


def test_drafts_archived_and_submissions_never_come_back(both):
    hidden = {sid for sid, p in both_corpus_status().items() if p != Status.PUBLISHED}
    assert hidden == {"demo-draft-01", "demo-archived-01", "demo-review-01"}
    queries = [q for _, q, _, _ in JUDGEMENTS] + [
        {"q": "energy audit tips bakeries"},
        {"q": "withdrawn"},
        {"q": "draft"},
        {},
    ]
    for name in ENGINES:
        with engine(name):
            for query in queries:
                for language in ("en", "nl") if name == "postgresql" else ("en",):
                    params = search.Params.parse(QueryDict(urlencode(query, doseq=True)))
                    params.page_size = 50
                    results = search.search(params, language=language).practices
                    ranked = [p.source_id for p in results]
                    assert not hidden & set(ranked), (name, query, ranked)


def both_corpus_status() -> dict[str, str]:
    return dict(Practice.objects.values_list("source_id", "status"))
