"""The library search at 10k, 100k (and, with BENCH_FULL=1, 1M) generated practices.

Called by bench/run.py once Django is set up on the seeded bench database. For each size it
drops the search indexes, grows that database with generated practices (COPY; each practice's
triggers compute its vectors and facet keys as it is inserted, as in production: `load_s`),
builds the search indexes and the vocabulary from scratch (`index_s`), and runs a fixed set of
varied searches through ``knowledge.search.search`` — ranked query, facet counts, suggestions,
the page's practices and snippets — timing each call. The database keeps the 100k practices,
so the page measurements that follow (library_search, practice) run against them; 1M is built
in a copy of that database, dropped afterwards. BENCH_SEARCH_SIZES=10000,100000 chooses the
sizes.

Generating and indexing 100k practices takes minutes on two cores, more than the quick bench's
whole budget. So every run that builds the 100k library keeps a copy of it (the database
``<bench database>_library``, its comment recording a fingerprint of this generator and of the
migrations, and the load and index figures of the build); BENCH_QUICK=1 grows its own database
to 10k only (one timed pass) and times the searches at 100k on that copy, taking the load and
index figures from the build (``built`` gives its date). When there is no copy, or the generator
or a migration changed since, the quick run builds one first.

The text is made up but shaped like the real thing: per language a vocabulary with its real
function words at the top, real CSR words at mid ranks and invented words below, drawn with a
Zipf distribution; titles, summaries and ~600-word bodies; the four languages; facet values
skewed the way a real library is.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import inspect
import json
import os
import random
import statistics
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchdb import admin, connect, database_name, drop_database, recreate_database, sibling
from support import QUICK, ROOT, log

FULL = os.environ.get("BENCH_FULL") == "1"
# Building the index over 100k practices alone takes minutes on two cores, more than the quick
# bench's whole budget: the quick run grows its database to 10k (the pages run against 10k) and
# times the searches at 100k on the library kept by an earlier run.
_DEFAULT_SIZES = "10000" if QUICK else "10000,100000"
LIBRARY_SIZE = 100_000
SIZES = [int(s) for s in os.environ.get("BENCH_SEARCH_SIZES", _DEFAULT_SIZES).split(",") if s]
if FULL and 1_000_000 not in SIZES:
    SIZES.append(1_000_000)
PASSES = 1 if QUICK else 3  # timed passes over the queries
QUERIES = 240
BODY_WORDS = 600
SEED = 20261129
LANGUAGES = {"en": 0.40, "nl": 0.25, "fr": 0.20, "de": 0.15}
SEARCH_INDEXES = (
    "knowledge_practice_search",
    "knowledge_practice_head",
    "knowledge_practice_facet_keys",
    "knowledge_practice_published_at",
)

FUNCTION_WORDS = {
    "en": "the of and to a in for is on that with as by be are this it from or an at your can "
    "their which its more all how",
    "nl": "de van het een en in is op te dat voor met zijn niet aan om ook als bij door er "
    "maar uit naar hoe",
    "fr": "de la le et les des en un une du pour que dans est qui au sur par pas plus ce avec "
    "son ou leur aux",
    "de": "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als "
    "auch es an werden aus",
}
TOPIC_WORDS = {
    "en": "energy waste supplier suppliers employees training safety audit recycling carbon "
    "emissions diversity reporting stakeholders community climate water packaging circular "
    "wellbeing apprentices procurement transparency human rights volunteering mobility",
    "nl": "energie afval leverancier leveranciers medewerkers opleiding veiligheid duurzame "
    "inkoop werkdruk diversiteit verslag belanghebbenden klimaat water verpakking circulaire "
    "welzijn stagiairs mensenrechten vrijwilligerswerk mobiliteit",
    "fr": "énergie déchets fournisseur fournisseurs salariés formation sécurité audit recyclage "
    "carbone émissions diversité rapport parties prenantes climat eau emballage circulaire "
    "égalité achats responsables droits mobilité",
    "de": "Energie Abfall Lieferant Lieferanten Mitarbeiter Ausbildung Sicherheit Prüfung "
    "Recycling Emissionen Vielfalt Bericht Lieferkette Klima Wasser Verpackung "
    "Kreislaufwirtschaft Gesundheit Menschenrechte Nachhaltigkeitsbericht Mobilität",
}
SYLLABLES = {
    "en": [
        "ba",
        "be",
        "con",
        "de",
        "di",
        "en",
        "ex",
        "for",
        "in",
        "ma",
        "ment",
        "ner",
        "o",
        "per",
        "pro",
        "re",
        "sion",
        "ta",
        "ter",
        "tion",
        "un",
        "ver",
        "al",
        "ing",
        "ly",
        "ate",
        "ous",
        "ive",
        "ure",
    ],
    "nl": [
        "aan",
        "be",
        "ge",
        "ver",
        "ont",
        "heid",
        "lijk",
        "ing",
        "en",
        "er",
        "te",
        "de",
        "ke",
        "ster",
        "baar",
        "tie",
        "ie",
        "oe",
        "ij",
        "ui",
        "ven",
        "lan",
        "schap",
        "dijk",
        "werk",
    ],
    "fr": [
        "ré",
        "dé",
        "con",
        "com",
        "tion",
        "ment",
        "eur",
        "ique",
        "ité",
        "able",
        "ain",
        "eau",
        "oir",
        "ence",
        "on",
        "ette",
        "ier",
        "ois",
        "elle",
        "ure",
        "age",
        "isme",
        "pré",
    ],
    "de": [
        "ge",
        "ver",
        "be",
        "ent",
        "er",
        "un",
        "lich",
        "keit",
        "ung",
        "heit",
        "schaft",
        "ig",
        "isch",
        "bar",
        "zer",
        "stein",
        "berg",
        "wer",
        "ter",
        "lauf",
        "kraft",
        "mann",
        "los",
    ],
}
TYPES = [
    ("guide", 30),
    ("checklist", 15),
    ("good-practice", 15),
    ("case-study", 12),
    ("training", 8),
    ("instrument", 8),
    ("study", 6),
    ("handbook", 4),
    ("exercise", 2),
]
COUNTRIES = [("BE", 30), ("NL", 15), ("FR", 12), ("DE", 12), ("LU", 3), ("AT", 3), ("XX", 2)]
COUNTRIES += [(c, 1) for c in ("IT", "ES", "PL", "SE", "DK", "FI", "IE", "PT", "CZ", "GR")]
AUDIENCES = [
    ("sme", 50),
    ("large-enterprise", 20),
    ("intermediary", 12),
    ("trainer", 10),
    ("public-authority", 8),
]


# --- Text ------------------------------------------------------------------------------------


class Vocabulary:
    """One language's words in Zipf order and a long pool drawn from them."""

    def __init__(self, language: str, rng: random.Random, *, size: int = 20_000) -> None:
        words = FUNCTION_WORDS[language].split()
        topics = TOPIC_WORDS[language].split()
        seen = set(words) | {t.lower() for t in topics}
        invented: list[str] = []
        syllables = SYLLABLES[language]
        while len(invented) < size - len(words) - len(topics):
            word = "".join(rng.choice(syllables) for _ in range(rng.choice((2, 2, 3, 3, 4))))
            if word not in seen and len(word) > 3:
                seen.add(word)
                invented.append(word)
        # Real topic words at mid ranks (about 40 to 600), where a searcher's words sit.
        for position, topic in zip(
            sorted(rng.sample(range(40, 600), len(topics))), topics, strict=True
        ):
            invented.insert(position - len(words), topic)
        self.words = words + invented
        weights = [1 / (rank**1.07) for rank in range(1, len(self.words) + 1)]
        self.pool = rng.choices(self.words, weights=weights, k=400_000)
        # Titles and queries draw from the content words: below the function words.
        self.content = self.words[len(words) : 5000]
        self.content_set = set(self.content)
        content_weights = weights[len(words) : 5000]
        self.title_pool = rng.choices(self.content, weights=content_weights, k=100_000)

    def run(self, rng: random.Random, count: int) -> list[str]:
        start = rng.randrange(len(self.pool) - count)
        return self.pool[start : start + count]

    def title_words(self, rng: random.Random, count: int) -> list[str]:
        start = rng.randrange(len(self.title_pool) - count)
        return self.title_pool[start : start + count]


def _sentences(words: list[str], rng: random.Random) -> str:
    out, sentence = [], []
    for word in words:
        sentence.append(word)
        if len(sentence) >= rng.randint(8, 18):
            out.append(" ".join(sentence).capitalize() + ".")
            sentence = []
    if sentence:
        out.append(" ".join(sentence).capitalize() + ".")
    paragraphs = [" ".join(out[i : i + 6]) for i in range(0, len(out), 6)]
    return "\n\n".join(paragraphs)


def _weighted(rng: random.Random, pairs: list[tuple[str, int]], k: int) -> list[str]:
    values, weights = zip(*pairs, strict=True)
    return sorted(set(rng.choices(values, weights=weights, k=k)))


# --- Loading ---------------------------------------------------------------------------------


def _taxonomy(conn) -> dict[str, list[tuple[int, int]]]:
    """Ids of themes, subjects and sectors, with a skewed weight each."""
    out = {}
    for name, table in (
        ("themes", "taxonomy_theme"),
        ("iso26000", "taxonomy_iso26000subject"),
        ("sectors", "taxonomy_sector"),
    ):
        ids = [row[0] for row in conn.execute(f"SELECT id FROM {table} ORDER BY id")]  # noqa: S608
        out[name] = [(pk, max(1, len(ids) - i) ** 2) for i, pk in enumerate(ids)]
    return out


def generate(conn, *, count: int, vocabularies: dict[str, Vocabulary], rng: random.Random) -> None:
    """Add ``count`` practices and their tags with COPY, in one transaction. The tags go first
    (their triggers off), so each practice's own triggers compute its vectors and facet keys
    as it is inserted, once, as they do in production; only the per-row vocabulary trigger is
    off (the vocabulary is rebuilt afterwards)."""
    taxonomy = _taxonomy(conn)
    first = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM knowledge_practice").fetchone()[0]
    languages, language_weights = zip(*LANGUAGES.items(), strict=True)
    now = dt.datetime.now(dt.UTC)
    tags: dict[str, list[tuple[int, int]]] = {name: [] for name in taxonomy}
    for pk in range(first, first + count):
        for name, k in (("themes", (1, 3)), ("iso26000", (0, 2)), ("sectors", (0, 2))):
            values, weights = zip(*taxonomy[name], strict=True)
            chosen = set(rng.choices(values, weights=weights, k=rng.randint(*k)))
            tags[name].extend((pk, tag) for tag in chosen)
    columns = (
        "id, source_id, slug, title, summary, body, type, audience, countries, language, year, "
        "publisher, url, status, published_at, created_at, updated_at"
    )
    with conn.transaction(), conn.cursor() as cursor:
        for name in taxonomy:
            cursor.execute(f"ALTER TABLE knowledge_practice_{name} DISABLE TRIGGER USER")
        cursor.execute(
            "ALTER TABLE knowledge_practice DISABLE TRIGGER knowledge_practice_words_update"
        )
        # The tags' foreign keys are checked at commit, when the practices exist.
        for name, pairs in tags.items():
            column = {"themes": "theme_id", "iso26000": "iso26000subject_id"}.get(name, "sector_id")
            with cursor.copy(
                f"COPY knowledge_practice_{name} (practice_id, {column}) FROM STDIN"
            ) as copy:
                for pair in pairs:
                    copy.write_row(pair)
        with cursor.copy(f"COPY knowledge_practice ({columns}) FROM STDIN") as copy:
            for pk in range(first, first + count):
                language = rng.choices(languages, weights=language_weights)[0]
                vocab = vocabularies[language]
                title = " ".join(vocab.title_words(rng, rng.randint(3, 8))).capitalize()
                summary = _sentences(vocab.run(rng, rng.randint(25, 45)), rng)
                body = _sentences(vocab.run(rng, rng.randint(450, 750)), rng)
                status = rng.choices(("published", "draft", "archived"), (94, 4, 2))[0]
                published = now - dt.timedelta(minutes=rng.randrange(5 * 365 * 24 * 60))
                copy.write_row(
                    (
                        pk,
                        f"bench-{pk}",
                        f"bench-{pk}-{rng.getrandbits(32):08x}",
                        title[:250],
                        summary[:1000],
                        body,
                        rng.choices(*zip(*TYPES, strict=True))[0],
                        json.dumps(_weighted(rng, AUDIENCES, rng.randint(1, 2))),
                        json.dumps(_weighted(rng, COUNTRIES, rng.randint(1, 2))),
                        language,
                        published.year,
                        "Generated",
                        "",
                        status,
                        published if status != "draft" else None,
                        published,
                        published,
                    )
                )
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # check the tags' keys now
        for name in taxonomy:
            cursor.execute(f"ALTER TABLE knowledge_practice_{name} ENABLE TRIGGER USER")
        cursor.execute(
            "ALTER TABLE knowledge_practice ENABLE TRIGGER knowledge_practice_words_update"
        )
    conn.execute(
        "SELECT setval(pg_get_serial_sequence('knowledge_practice', 'id'), "
        "(SELECT max(id) FROM knowledge_practice))"
    )


def drop_indexes(conn) -> dict[str, str]:
    """Drop the search indexes before a bulk load (as one would); returns their definitions."""
    definitions = dict(
        conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'knowledge_practice' "
            "AND indexname = ANY(%s)",
            [list(SEARCH_INDEXES)],
        ).fetchall()
    )
    for name in definitions:
        conn.execute(f"DROP INDEX {name}")
    return definitions


def build_index(conn, definitions: dict[str, str]) -> dict[str, float]:
    """Build the search indexes over every practice from scratch, then the vocabulary and the
    planner's statistics. (The vectors and facet keys were computed row by row on insert.)"""
    started = time.monotonic()
    # What an operator gives a rebuild; the default 64 MB makes the GIN build spill to disk.
    conn.execute("SET maintenance_work_mem = '512MB'")
    for definition in definitions.values():
        conn.execute(definition)
    gin_s = time.monotonic() - started
    conn.execute("DELETE FROM knowledge_searchword")
    conn.execute(
        """INSERT INTO knowledge_searchword (word, ndoc)
           SELECT word, ndoc FROM ts_stat($$SELECT to_tsvector('knowledge_simple'::regconfig,
             title || ' ' || summary) FROM knowledge_practice WHERE status = 'published'$$)
           WHERE length(word) BETWEEN 3 AND 40"""
    )
    conn.execute(
        "VACUUM ANALYZE knowledge_practice, knowledge_searchword, knowledge_practice_themes, "
        "knowledge_practice_iso26000, knowledge_practice_sectors"
    )
    total = time.monotonic() - started
    return {
        "index_s": round(total, 1),
        "gin_s": round(gin_s, 1),
        "vocabulary_s": round(total - gin_s, 1),
    }


def sizes(conn) -> dict[str, float]:
    mb = 1024 * 1024
    index = conn.execute(
        "SELECT sum(pg_relation_size(quote_ident(indexname))) FROM pg_indexes "
        "WHERE tablename = 'knowledge_practice' AND indexname = ANY(%s)",
        [list(SEARCH_INDEXES)],
    ).fetchone()[0]
    vocabulary = conn.execute(
        "SELECT pg_total_relation_size('knowledge_searchword'), "
        "(SELECT count(*) FROM knowledge_searchword)"
    ).fetchone()
    table = conn.execute("SELECT pg_total_relation_size('knowledge_practice')").fetchone()[0]
    return {
        "index_mb": round(float(index) / mb, 1),
        "vocabulary_mb": round(vocabulary[0] / mb, 1),
        "vocabulary_words": vocabulary[1],
        "table_mb": round(table / mb, 1),
    }


# --- Queries ---------------------------------------------------------------------------------


def _misspell(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1 :] if rng.random() < 0.5 else word[:i] + word[i] + word[i:]


def queries(vocabularies: dict[str, Vocabulary], *, count: int = QUERIES) -> Iterator[tuple]:
    """(kind, query string, interface language): single words, two words, phrases, topic
    words, misspellings; half of them with one or two facets."""
    rng = random.Random(SEED + 1)  # noqa: S311 — reproducible, not secret
    languages = list(LANGUAGES)
    themes = ["eco-efficiency", "supply-chain", "working-conditions", "sme-growth"]
    for n in range(count):
        interface = rng.choice(languages)
        vocab = vocabularies[rng.choices(languages, weights=(5, 2, 2, 1))[0]]
        kind = ("word", "two words", "phrase", "topic", "misspelt", "word")[n % 6]
        mid = vocab.content[30:3000]
        if kind == "word":
            q = rng.choice(mid)
        elif kind == "two words":
            q = f"{rng.choice(mid[:800])} {rng.choice(mid[:800])}"
        elif kind == "phrase":
            # Two neighbouring words of the texts, starting with a content word.
            words = vocab.run(rng, 40)
            start = next((i for i, w in enumerate(words[:-1]) if w in vocab.content_set), 0)
            q = '"' + " ".join(words[start : start + 2]) + '"'
        elif kind == "topic":
            q = rng.choice(TOPIC_WORDS[interface].split())
        else:
            q = _misspell(rng.choice([w for w in mid[:1500] if len(w) > 5]), rng)
        params: list[tuple[str, str]] = [("q", q)]
        if n % 2:
            params.append(("type", rng.choice(["guide", "checklist", "case-study"])))
            if n % 4 == 1:
                params.append(("theme", rng.choice(themes)))
        yield kind, params, interface


def time_searches(vocabularies: dict[str, Vocabulary]) -> dict[str, Any]:
    from django.http import QueryDict
    from django.utils import translation

    from knowledge import search

    planned = list(queries(vocabularies))
    prepared = []
    for kind, pairs, interface in planned:
        data = QueryDict(mutable=True)
        for key, value in pairs:
            data.appendlist(key, value)
        prepared.append((kind, search.Params.parse(data), interface))

    def one(params, interface) -> tuple[float, Any]:
        with translation.override(interface):
            started = time.perf_counter()
            results = search.search(params, language=interface)
            return (time.perf_counter() - started) * 1000, results

    for _kind, params, interface in prepared[:20]:  # warm the caches
        one(params, interface)
    timings: list[float] = []
    by_kind: dict[str, list[float]] = {}
    found = corrected = 0
    for _ in range(PASSES):
        for kind, params, interface in prepared:
            ms, results = one(params, interface)
            timings.append(ms)
            by_kind.setdefault(kind, []).append(ms)
            found += results.total > 0
            corrected += bool(results.corrected)
    timings.sort()

    def pct(values: list[float], p: float) -> float:
        values = sorted(values)
        return round(values[min(len(values) - 1, int(len(values) * p))], 1)

    return {
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": pct(timings, 0.95),
        "p99_ms": pct(timings, 0.99),
        "max_ms": round(timings[-1], 1),
        "searches": len(timings),
        "queries": len(prepared),
        "with_results": round(found / len(timings), 3),
        "corrected": round(corrected / len(timings), 3),
        "by_kind_p95_ms": {kind: pct(values, 0.95) for kind, values in by_kind.items()},
    }


# --- The run ---------------------------------------------------------------------------------


def _measure_size(url: str, size: int, vocabularies, rng) -> dict[str, Any]:
    from django.db import connections

    with connect(url) as conn:
        have = conn.execute(
            "SELECT count(*) FROM knowledge_practice WHERE source_id LIKE 'bench-%%'"
        ).fetchone()[0]
        definitions = drop_indexes(conn)
        started = time.monotonic()
        if size > have:
            log(f"search: generating {size - have:,} practices (to {size:,})")
            generate(conn, count=size - have, vocabularies=vocabularies, rng=rng)
        load_s = time.monotonic() - started
        log(f"search: building the search indexes over {size:,} practices")
        figures: dict[str, Any] = {
            "practices": size,
            "added": size - have,
            "load_s": round(load_s, 1),
            "load_per_1000_s": round(1000 * load_s / max(1, size - have), 2),
        }
        figures.update(build_index(conn, definitions))
        figures.update(sizes(conn))
    connections.close_all()
    log(f"search: timing searches at {size:,}")
    figures.update(time_searches(vocabularies))
    log(
        f"search: {size:,}: p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, "
        f"index {figures['index_s']} s, {figures['index_mb']} MB"
    )
    return figures


@contextlib.contextmanager
def _on_database(url: str) -> Iterator[None]:
    """Point Django's default connection at ``url``'s database for the block."""
    from django.conf import settings
    from django.db import connections

    name = settings.DATABASES["default"]["NAME"]
    connections.close_all()
    settings.DATABASES["default"]["NAME"] = database_name(url)
    try:
        yield
    finally:
        connections.close_all()
        settings.DATABASES["default"]["NAME"] = name


def _copy_database(url: str, target: str) -> None:
    """Make the database ``target`` a copy of ``url``'s (closing Django's connections to it)."""
    from django.db import connections

    connections.close_all()
    recreate_database(sibling(url, target), template=database_name(url))


def fingerprint() -> str:
    """What a kept library depends on: the generator (its text, its code, its seed) and every
    migration."""
    parts = [SEED, LANGUAGES, FUNCTION_WORDS, TOPIC_WORDS, SYLLABLES, TYPES, COUNTRIES, AUDIENCES]
    digest = hashlib.sha256(repr(parts).encode())
    for function in (Vocabulary, _sentences, _weighted, _taxonomy, generate, build_index):
        digest.update(inspect.getsource(function).encode())
    for path in sorted(ROOT.glob("*/migrations/0*.py")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


BUILD_KEYS = ("load_s", "load_per_1000_s", "added", "index_s", "gin_s", "vocabulary_s")


def _describe_library(url: str, figures: dict[str, Any]) -> str:
    """Record on the kept library what it was built from and its build figures; returns the
    date of the build."""
    built = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    meta = {
        "fingerprint": fingerprint(),
        "built": built,
        **{key: figures[key] for key in BUILD_KEYS if key in figures},
    }
    library = database_name(url) + "_library"
    text = json.dumps(meta).replace("'", "''")
    with admin(url) as connection:
        connection.execute(f"COMMENT ON DATABASE \"{library}\" IS '{text}'")
    return built


def keep_library(url: str, figures: dict[str, Any]) -> None:
    """Keep a copy of the database ``url`` (at LIBRARY_SIZE practices) for later quick runs."""
    name = database_name(url)
    log(f"search: keeping a copy of the {LIBRARY_SIZE:,} practices for quick runs ({name}_library)")
    _copy_database(url, f"{name}_library")
    _describe_library(url, figures)


def _kept_library(url: str) -> dict[str, Any] | None:
    """The build figures of the kept library, if it matches this generator and the migrations."""
    library = database_name(url) + "_library"
    with admin(url) as connection:
        row = connection.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [library],
        ).fetchone()
    if not row or not row[0]:
        return None
    try:
        meta = json.loads(row[0])
    except ValueError:
        return None
    return meta if meta.get("fingerprint") == fingerprint() else None


def _prewarm(conn) -> None:
    """Read the kept library's table, TOAST and search indexes into the operating system's
    cache first, as they are after a build: a copy read cold from disk would time the disk."""
    import psycopg

    try:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
    except psycopg.Error as error:
        log(f"search: not prewarming the library ({error})")
        return
    conn.execute(
        "SELECT pg_prewarm(c.oid::regclass, 'read') FROM pg_class c "
        "WHERE c.relname = ANY(%s) OR c.oid = (SELECT reltoastrelid FROM pg_class "
        "WHERE relname = 'knowledge_practice')",
        [["knowledge_practice", *SEARCH_INDEXES]],
    )


def library_figures(url: str, vocabularies, rng) -> dict[str, Any]:
    """The quick run's searches at LIBRARY_SIZE, on the kept library (built first if missing)."""
    name = database_name(url)
    library_url = sibling(url, f"{name}_library")
    meta = _kept_library(url)
    if meta is None:
        log(
            f"search: no library of {LIBRARY_SIZE:,} practices kept for this generator and these "
            "migrations: building one (several minutes, once per machine and change)"
        )
        _copy_database(url, f"{name}_library")
        with _on_database(library_url):
            figures = _measure_size(library_url, LIBRARY_SIZE, vocabularies, rng)
        return {**figures, "built": _describe_library(url, figures)}
    log(f"search: timing searches at {LIBRARY_SIZE:,} on the library built {meta['built']}")
    with _on_database(library_url):
        with connect(library_url) as conn:
            _prewarm(conn)
            have = conn.execute("SELECT count(*) FROM knowledge_practice").fetchone()[0]
            figures: dict[str, Any] = {"practices": LIBRARY_SIZE, "in_table": have}
            figures.update({key: meta[key] for key in BUILD_KEYS if key in meta})
            figures["built"] = meta["built"]
            figures.update(sizes(conn))
        figures.update(time_searches(vocabularies))
    log(
        f"search: {LIBRARY_SIZE:,}: p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms "
        "(kept library)"
    )
    return figures


def run(url: str) -> dict[str, dict[str, Any]]:
    """Measure every size; leaves the database at 100k practices (or the largest size ≤ 100k)."""
    rng = random.Random(SEED)  # noqa: S311 — reproducible, not secret
    vocabularies = {language: Vocabulary(language, rng) for language in LANGUAGES}
    results: dict[str, dict[str, Any]] = {}
    small = [s for s in sorted(SIZES) if s <= LIBRARY_SIZE]
    for size in small:
        results[str(size)] = _measure_size(url, size, vocabularies, rng)
    if LIBRARY_SIZE in small:
        keep_library(url, results[str(LIBRARY_SIZE)])
    elif QUICK and small == [10_000]:
        # The same random stream as a full run: the library grows from these 10k practices.
        results[str(LIBRARY_SIZE)] = library_figures(url, vocabularies, rng)
    large = [s for s in sorted(SIZES) if s > LIBRARY_SIZE]
    if large:
        # The pages are measured at 100k afterwards: grow a copy of the database instead.
        copy_url = sibling(url, database_name(url) + "_large")
        _copy_database(url, database_name(copy_url))
        try:
            with _on_database(copy_url):
                for size in large:
                    results[str(size)] = _measure_size(copy_url, size, vocabularies, rng)
        finally:
            drop_database(copy_url)
    return results


def markdown(results: dict[str, dict[str, Any]]) -> list[str]:
    if not results:
        return []
    lines = [
        "",
        "## Search (knowledge.search.search: ranked query, facet counts, suggestions, page)",
        "",
        "| practices | p50 ms | p95 ms | p99 ms | searches | with results | load s | index s "
        "| index MB | table MB |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for size, f in results.items():
        lines.append(
            f"| {int(size):,} | {f['p50_ms']} | {f['p95_ms']} | {f['p99_ms']} | {f['searches']} "
            f"| {f['with_results']:.0%} | {f['load_s']} | {f['index_s']} | {f['index_mb']} "
            f"| {f['table_mb']} |"
        )
    kept = [(size, f["built"]) for size, f in results.items() if "built" in f]
    for size, built in kept:
        lines += [
            "",
            f"At {int(size):,} the searches ran on the kept library (`BENCH_QUICK=1`); its load "
            f"and index figures are those of its build ({built}).",
        ]
    return lines


if __name__ == "__main__":
    # A stand-alone run against an already migrated and seeded database (DATABASE_URL).
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    figures = run(os.environ["DATABASE_URL"])
    print("\n".join(markdown(figures)))
    print(json.dumps(figures, indent=2))
