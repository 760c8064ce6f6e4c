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

The generated library itself (text, tags, loading, indexes) is ``bench/library.py``.

``run_sqlite`` times the same searches on the SQLite engine (``make run``'s FTS5) at 10k: a fresh
SQLite database migrated like ``make run``'s, the first 10k generated practices copied into it
with their tags (``load_s``), indexed by the engine (``index_s``: stems and FTS5 rows).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchdb import admin, connect, database_name, drop_database, recreate_database, sibling
from library import (
    LANGUAGES,
    SEARCH_INDEXES,
    SEED,
    TOPIC_WORDS,
    Vocabulary,
    build_index,
    drop_indexes,
    fingerprint,
    generate,
    sizes,
)
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


# --- The SQLite engine (make run) ----------------------------------------------------------

SQLITE_SIZE = 10_000
_THROUGH = {
    "knowledge_practice_themes": ("theme_id", "taxonomy_theme", "slug"),
    "knowledge_practice_iso26000": ("iso26000subject_id", "taxonomy_iso26000subject", "slug"),
    "knowledge_practice_sectors": ("sector_id", "taxonomy_sector", "code"),
}


def _sqlite_value(value: Any) -> Any:
    """A PostgreSQL value as Django's SQLite backend stores it."""
    if isinstance(value, (list, dict)):
        return json.dumps(value)
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _copy_to_sqlite(url: str, path: Path, count: int) -> int:
    """Copy the first ``count`` generated practices of ``url``'s database, with their tags, into
    the SQLite database ``path``; its triggers note them for the engine to index."""
    target = sqlite3.connect(path)
    try:
        columns = [
            row[1]
            for row in target.execute("PRAGMA table_info(knowledge_practice)")
            if row[1] not in {"search_vector", "submitted_by_id", "translation_of_id"}
        ]
        with connect(url) as conn:
            rows = conn.execute(
                f"SELECT {', '.join(columns)} FROM knowledge_practice "  # noqa: S608 — names
                "WHERE source_id LIKE 'bench-%%' ORDER BY id LIMIT %s",
                [count],
            ).fetchall()
            ids = [row[columns.index("id")] for row in rows]
            tags = {
                table: conn.execute(
                    f"SELECT x.practice_id, t.{key} FROM {table} x "  # noqa: S608 — names
                    f"JOIN {vocabulary} t ON t.id = x.{column} WHERE x.practice_id = ANY(%s)",
                    [ids],
                ).fetchall()
                for table, (column, vocabulary, key) in _THROUGH.items()
            }
        marks = ", ".join("?" * len(columns))
        target.executemany(
            f"INSERT INTO knowledge_practice ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
            [[_sqlite_value(v) for v in row] for row in rows],
        )
        for table, (column, vocabulary, key) in _THROUGH.items():
            local = dict(target.execute(f"SELECT {key}, id FROM {vocabulary}"))  # noqa: S608
            target.executemany(
                f"INSERT INTO {table} (practice_id, {column}) VALUES (?, ?)",  # noqa: S608
                [(pk, local[value]) for pk, value in tags[table] if value in local],
            )
        target.commit()
        return len(rows)
    finally:
        target.close()


@contextlib.contextmanager
def _on_sqlite(path: Path) -> Iterator[None]:
    """Point Django's default connection at the SQLite database ``path`` for the block."""
    from django.conf import settings
    from django.db import connections

    conf = settings.DATABASES["default"]
    saved = dict(conf)
    connections.close_all()
    del connections["default"]
    conf.update(
        {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path), "OPTIONS": {}, "HOST": ""}
    )
    conf.update({"USER": "", "PASSWORD": "", "PORT": "", "CONN_MAX_AGE": 0})
    try:
        yield
    finally:
        connections["default"].close()
        del connections["default"]
        conf.clear()
        conf.update(saved)


def run_sqlite(url: str, *, size: int = SQLITE_SIZE) -> dict[str, Any]:
    """The searches on the SQLite engine at ``size`` practices (copied from ``url``'s database,
    which must hold that many generated practices)."""
    from knowledge.search import plain

    rng = random.Random(SEED)  # noqa: S311 — reproducible, not secret
    vocabularies = {language: Vocabulary(language, rng) for language in LANGUAGES}
    folder = Path(tempfile.mkdtemp(prefix="portal-bench-sqlite-"))
    path = folder / "db.sqlite3"
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    env = {
        **keep,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{path}",
        "VAR_DIR": str(folder),
    }
    try:
        log(f"search (SQLite): migrating a fresh database like make run's ({path})")
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        started = time.monotonic()
        copied = _copy_to_sqlite(url, path, size)
        figures: dict[str, Any] = {
            "practices": copied,
            "load_s": round(time.monotonic() - started, 1),
        }
        with _on_sqlite(path):
            started = time.monotonic()
            plain.refresh()
            figures["index_s"] = round(time.monotonic() - started, 1)
            figures["db_mb"] = round(path.stat().st_size / 1e6, 1)
            log(f"search (SQLite): timing searches at {copied:,}")
            figures.update(time_searches(vocabularies))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    log(
        f"search (SQLite): {figures['practices']:,}: p50 {figures['p50_ms']} ms, "
        f"p95 {figures['p95_ms']} ms, index {figures['index_s']} s"
    )
    return figures


def markdown_sqlite(sqlite: dict[str, Any], postgres: dict[str, dict[str, Any]]) -> list[str]:
    """The SQLite engine's figures beside PostgreSQL's at the same size."""
    if not sqlite:
        return []
    beside = postgres.get(str(sqlite["practices"]), {})
    return [
        "",
        "### The SQLite engine (make run: FTS5, BM25, Snowball stems)",
        "",
        "| practices | engine | p50 ms | p95 ms | p99 ms | with results | load s | index s |",
        "|---|---|---|---|---|---|---|---|",
        f"| {sqlite['practices']:,} | SQLite | {sqlite['p50_ms']} | {sqlite['p95_ms']} "
        f"| {sqlite['p99_ms']} | {sqlite['with_results']:.0%} | {sqlite['load_s']} "
        f"| {sqlite['index_s']} |",
        *(
            [
                f"| {sqlite['practices']:,} | PostgreSQL | {beside['p50_ms']} | {beside['p95_ms']} "
                f"| {beside['p99_ms']} | {beside['with_results']:.0%} | {beside['load_s']} "
                f"| {beside['index_s']} |"
            ]
            if beside
            else []
        ),
    ]


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
    if sys.argv[1:] == ["time"]:
        # Only the timed searches, on the library DATABASE_URL already holds (a kept one, or a
        # copy of it): what a change to the search code is measured with.
        rng = random.Random(SEED)  # noqa: S311 — the same vocabularies as a build
        vocabularies = {language: Vocabulary(language, rng) for language in LANGUAGES}
        print(json.dumps(time_searches(vocabularies), indent=2))
        sys.exit(0)
    figures = run(os.environ["DATABASE_URL"])
    sqlite_figures = run_sqlite(os.environ["DATABASE_URL"])
    print("\n".join(markdown(figures) + markdown_sqlite(sqlite_figures, figures)))
    print(json.dumps({**figures, "sqlite": sqlite_figures}, indent=2))
