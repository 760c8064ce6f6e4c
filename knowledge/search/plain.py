"""The SQLite engine (``make run``): SQLite's FTS5 with BM25, matching and ranking like the
PostgreSQL engine.

``knowledge_fts`` (migration ``0006_search_labels_fts``) holds one row per published practice:
title, summary, facet labels (in its language), body and labels in the other languages, each as
its stems in the practice's language followed by its words unstemmed (``text.indexed``, like
PostgreSQL's stemmed + ``simple`` vectors), and the unstemmed words once more. Those words are
also kept in ``knowledge_fts_word`` with their length (migration ``0012_search_words_sqlite``),
the vocabulary of "did you mean". Triggers note the practices that changed in
``knowledge_fts_dirty``; each search first indexes those (``refresh``), as stemming happens in
Python (Snowball stemmers).

A query is read like ``websearch_to_tsquery``: words, "quoted phrases", ``-word``, ``or``; it
matches when either every word's stem in the reader's language (stop words left out) or every
word as typed occurs, like PostgreSQL's ``interface configuration || simple``. Synonym groups
add "any of these phrases" (``synonyms.expand``). BM25 weighs the columns like PostgreSQL's
weights (``WEIGHTS``); practices in the reader's language score
``LANGUAGE_BOOST`` times theirs.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.models import Count, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from knowledge.models import Practice, Status
from knowledge.search import facets, labels, synonyms
from knowledge.search.query import Params
from knowledge.search.text import fold, indexed, stem, stems, tokens

# As in the PostgreSQL engine: a practice in the reader's language scores twice its rank.
LANGUAGE_BOOST = 2.0
# BM25 weight of each column of knowledge_fts, in its order, as PostgreSQL weighs the vector
# (A 1.0, B 0.4, C 0.2, D 0.1): title; summary and the labels in the practice's language; body;
# labels in the other languages. ``words`` only feeds suggestions.
COLUMNS = ("title", "summary", "labels", "body", "other_labels", "words")
WEIGHTS = (10.0, 4.0, 4.0, 2.0, 1.0, 0.0)
_SEARCHED = "{title summary labels body other_labels}"


def _column_score(column: int) -> str:
    only = ", ".join("1" if i == column else "0" for i in range(len(COLUMNS)))
    return f"bm25(knowledge_fts, {only})"


# The weighted sum of each column's BM25 (BM25 saturates a word's frequency: weighting the
# frequencies inside one BM25 would let a word in the labels nearly match one in the title).
_SCORE = " + ".join(f"{weight} * {_column_score(i)}" for i, weight in enumerate(WEIGHTS) if weight)
# Practices indexed per statement when catching up.
_BATCH = 500

# Each facet's values as the ORM reads them: a field of the row or a many-to-many column.
_THROUGH = {
    "theme": (Practice.themes.through, "theme__slug"),
    "iso26000": (Practice.iso26000.through, "iso26000subject__slug"),
    "sector": (Practice.sectors.through, "sector__code"),
}


@dataclass
class Row:
    pk: int
    rank: float
    title: str
    published_at: Any
    keys: set[str]


def _alias() -> str:
    return router.db_for_read(Practice) or DEFAULT_DB_ALIAS


# --- Indexing -------------------------------------------------------------------------------


def refresh() -> int:
    """Index the practices changed since the last search; returns how many."""
    alias = _alias()
    with connections[alias].cursor() as cursor:
        # Most searches find nothing to do: a read, not a write transaction.
        cursor.execute("SELECT EXISTS (SELECT 1 FROM knowledge_fts_dirty)")
        if not cursor.fetchone()[0]:
            return 0
    with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
        # Taking the marks first holds the write lock: no change can slip in unnoticed.
        cursor.execute("DELETE FROM knowledge_fts_dirty RETURNING practice_id")
        ids = sorted(pk for (pk,) in cursor.fetchall())
        for start in range(0, len(ids), _BATCH):
            _index(cursor, ids[start : start + _BATCH], alias)
    return len(ids)


def rebuild() -> int:
    """Index every practice again (after a bulk load that bypassed nothing, this is not
    needed: the triggers note every change)."""
    alias = _alias()
    with connections[alias].cursor() as cursor:
        # The vocabulary starts afresh: words of practices gone or changed leave it.
        cursor.execute("DELETE FROM knowledge_fts_word")
        cursor.execute(
            "INSERT OR IGNORE INTO knowledge_fts_dirty (practice_id) "
            "SELECT id FROM knowledge_practice"
        )
    return refresh()


def _index(cursor: Any, ids: list[int], alias: str) -> None:
    marks = ", ".join(["%s"] * len(ids))
    cursor.execute(f"DELETE FROM knowledge_fts WHERE rowid IN ({marks})", ids)  # noqa: S608
    practices = list(
        Practice.objects.using(alias)
        .filter(pk__in=ids, status=Status.PUBLISHED)
        .values("pk", "title", "summary", "body", "language", "type", "audience")
    )
    if not practices:
        return
    keys: dict[int, set[str]] = {
        p["pk"]: {f"type:{p['type']}", *(f"audience:{v}" for v in p["audience"] or [])}
        for p in practices
    }
    for name, (through, column) in _THROUGH.items():
        pairs = (
            through.objects.using(alias)
            .filter(practice_id__in=list(keys))
            .values_list("practice_id", column)
        )
        for practice_id, value in pairs:
            keys[practice_id].add(f"{name}:{value}")
    by_key: dict[str, list[tuple[str, str]]] = {}
    for (key, language), label in sorted((labels.stored(alias) or {}).items()):
        by_key.setdefault(key, []).append((language, label))
    rows = []
    vocabulary: set[str] = set()
    for p in practices:
        tagged = [pair for key in sorted(keys[p["pk"]]) for pair in by_key.get(key, [])]
        own = " ".join(indexed(label, lang) for lang, label in tagged if lang == p["language"])
        other = " ".join(indexed(label, lang) for lang, label in tagged if lang != p["language"])
        texts = [p["title"], p["summary"], p["body"], *(label for _l, label in tagged)]
        found = {w for text in texts for w in tokens(text or "")}
        vocabulary |= found
        words = " ".join(sorted(found))
        rows.append(
            (
                p["pk"],
                indexed(p["title"], p["language"]),
                indexed(p["summary"], p["language"]),
                own,
                indexed(p["body"] or "", p["language"]),
                other,
                words,
            )
        )
    cursor.executemany(
        "INSERT INTO knowledge_fts (rowid, title, summary, labels, body, other_labels, words) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s)",
        rows,
    )
    # The words stay when a practice changes or goes, until a rebuild: a suggestion of a word
    # no practice holds any more finds nothing, and the search falls back to any of the words.
    cursor.executemany(
        "INSERT OR IGNORE INTO knowledge_fts_word (word, length) VALUES (%s, %s)",
        [(word, len(word)) for word in sorted(vocabulary)],
    )


# --- Queries --------------------------------------------------------------------------------


@dataclass
class Clause:
    """Words and phrases that must all occur (a query is clauses joined by "or")."""

    parts: list[list[str]] = field(default_factory=list)  # each a word's or phrase's tokens


@dataclass
class Parsed:
    clauses: list[Clause]
    excluded: list[list[str]]


def parse(q: str) -> Parsed:
    """``q`` read like ``websearch_to_tsquery``: quoted phrases, ``-word``, ``or``."""
    clauses, excluded = [Clause()], []
    for token in re.findall(r'"[^"]*"?|\S+', q):
        if token.lower() == "or":
            if clauses[-1].parts:
                clauses.append(Clause())
            continue
        if token.startswith("-") and len(token) > 1:
            words = tokens(token[1:])
            if words:
                excluded.append(words)
            continue
        words = tokens(token.strip('"'))
        if words:
            clauses[-1].parts.append(words)
    return Parsed(clauses=[c for c in clauses if c.parts], excluded=excluded)


def _phrase(words: list[str]) -> str:
    # Tokens are \w+ only, so quoting them is safe.
    return '"' + " ".join(words) + '"'


def _either(words: list[str], language: str) -> str:
    """One word or phrase: its stems in ``language``, or itself as typed."""
    options = {_phrase(words)}
    stemmed = stems(words, language)
    if stemmed:
        options.add(_phrase(stemmed))
    return "(" + " OR ".join(sorted(options)) + ")"


def _group(group: synonyms.Group) -> str:
    return "(" + " OR ".join(_either(tokens(term), group.language) for term in group.terms) + ")"


def expression(
    q: str, language: str, *, relaxed: bool = False, expand: bool = True
) -> tuple[str, str]:
    """The FTS5 queries for ``q``: what must match ("" for every practice) and what must not
    ("" for nothing). Synonym groups are applied unless not ``expand``."""
    expansion = synonyms.expand(q) if expand else synonyms.Expansion(rest=q)
    # Relaxed, any word as typed will do, or any phrase of a group.
    parsed = parse(q if relaxed else expansion.rest)
    groups = [_group(g) for g in expansion.groups]
    if relaxed:
        every = [
            _either(part, language) for clause in parsed.clauses for part in clause.parts
        ] + groups
        positive = " OR ".join(every)
    else:
        branches = []
        for clause in parsed.clauses:
            # Stop words drop out of the stemmed branch, as PostgreSQL drops them.
            stemmed = [s for s in (stems(part, language) for part in clause.parts) if s]
            if stemmed:
                branches.append(" AND ".join(_phrase(s) for s in stemmed))
            branches.append(" AND ".join(_phrase(part) for part in clause.parts))
        positive = " OR ".join(f"({b})" for b in branches)
        if groups:
            positive = " AND ".join([f"({positive})"] * bool(positive) + groups)
    negative = " OR ".join(_either(words, language) for words in parsed.excluded)
    return (
        f"{_SEARCHED} : ({positive})" if positive else "",
        f"{_SEARCHED} : ({negative})" if negative else "",
    )


def _matches(q: str, language: str, relaxed: bool) -> tuple[str, list[str]]:
    """SQL for the ids of the published practices matching ``q``, and its parameters."""
    positive, negative = expression(q, language, relaxed=relaxed)
    sql, args = "SELECT rowid FROM knowledge_fts", []
    if positive:
        sql += " WHERE knowledge_fts MATCH %s"
        args.append(positive)
    if negative:
        sql += " AND" if positive else " WHERE"
        sql += " rowid NOT IN (SELECT rowid FROM knowledge_fts WHERE knowledge_fts MATCH %s)"
        args.append(negative)
    return sql, args


def matching(q: str, *, language: str | None = None, relaxed: bool = False) -> QuerySet:
    """Published practices matching ``q`` (any of its words if ``relaxed``)."""
    refresh()
    sql, args = _matches(q, (language or "en")[:2], relaxed)
    return Practice.objects.published().filter(pk__in=RawSQL(sql, args))  # noqa: S611


def _ranks(q: str, language: str, relaxed: bool) -> dict[int, float]:
    ranks = _scores(q, language, relaxed, expand=True)
    if synonyms.expand(q).groups:
        # The words as typed score once more: a practice holding them leads one that holds
        # only a synonym (as in the PostgreSQL engine).
        for pk, score in _scores(q, language, relaxed, expand=False).items():
            ranks[pk] = ranks.get(pk, 0.0) + score
    return ranks


def _scores(q: str, language: str, relaxed: bool, *, expand: bool) -> dict[int, float]:
    positive, negative = expression(q, language, relaxed=relaxed, expand=expand)
    if not positive:
        return {}
    sql = f"""SELECT f.rowid, {_SCORE}, p.language
              FROM knowledge_fts f JOIN knowledge_practice p ON p.id = f.rowid
              WHERE knowledge_fts MATCH %s"""  # noqa: S608 — constant weights
    args = [positive]
    if negative:
        sql += " AND f.rowid NOT IN (SELECT rowid FROM knowledge_fts WHERE knowledge_fts MATCH %s)"
        args.append(negative)
    with connections[_alias()].cursor() as cursor:
        cursor.execute(sql, args)
        return {
            pk: -score * (LANGUAGE_BOOST if lang == language else 1.0)
            for pk, score, lang in cursor.fetchall()
        }


def rows(qs: QuerySet) -> list[Row]:
    """The matches ``qs`` with their facet keys ("type:guide", …)."""
    columns = ["pk", "title", "published_at", "type", "language", "audience", "countries"]
    found = {
        r["pk"]: Row(
            pk=r["pk"],
            rank=0.0,
            title=r["title"],
            published_at=r["published_at"],
            keys={
                f"type:{r['type']}",
                f"language:{r['language']}",
                *(f"audience:{v}" for v in r["audience"] or []),
                *(f"country:{v}" for v in r["countries"] or []),
            },
        )
        for r in qs.values(*columns)
    }
    for name, (through, column) in _THROUGH.items():
        pairs = through.objects.filter(practice_id__in=list(found)).values_list(
            "practice_id", column
        )
        for practice_id, value in pairs:
            found[practice_id].keys.add(f"{name}:{value}")
    return list(found.values())


def passing(found: list[Row], filters: facets.Filters) -> list[Row]:
    """The rows passing every selected facet."""
    bits, keys = facets.pack([row.keys for row in found])
    _counts, passed = facets.tally(bits, keys, filters)
    return [row for row, ok in zip(found, passed, strict=True) if ok]


def ordered(found: list[Row], sort: str) -> list[Row]:
    def newest_key(row: Row) -> float:
        return -(row.published_at.timestamp() if row.published_at else 0)

    if sort == "title":
        return sorted(found, key=lambda r: (r.title.casefold(), r.pk))
    if sort == "newest":
        return sorted(found, key=lambda r: (newest_key(r), r.pk))
    return sorted(found, key=lambda r: (-r.rank, newest_key(r), r.pk))


def find(params: Params, q: str, *, language: str, relaxed: bool = False) -> facets.Found:
    if q:
        refresh()
        sql, args = _matches(q, language, relaxed)
        matches = rows(Practice.objects.published().filter(pk__in=RawSQL(sql, args)))  # noqa: S611
        if params.sort == "relevance":
            ranks = _ranks(q, language, relaxed)
            for row in matches:
                row.rank = ranks.get(row.pk, 0.0)
    else:
        matches = rows(Practice.objects.published())
    bits, keys = facets.pack([row.keys for row in matches])
    counts, passed = facets.tally(bits, keys, params.filters)
    selected = ordered([row for row, ok in zip(matches, passed, strict=True) if ok], params.sort)
    page = selected[params.start : params.start + params.page_size]
    return facets.Found(
        matched=len(matches),
        total=len(selected),
        hits=[(row.pk, row.rank) for row in page],
        counts=counts,
    )


def headlines(practices: list[Practice], q: str, language: str) -> None:
    """Mark the summary's words that match a word of ``q`` (or of its synonyms) by stem."""
    expansion = synonyms.expand(q)
    wanted = tokens(expansion.rest) + [
        w for group in expansion.groups for term in group.terms for w in tokens(term)
    ]
    raw = set(wanted)
    stemmed = {stem(w, language) for w in wanted}

    def mark(match: re.Match) -> str:
        word = fold(match.group(0))
        if word in raw or stem(word, language) in stemmed:
            return f"<mark>{match.group(0)}</mark>"
        return match.group(0)

    for practice in practices:
        # Words are \w+ runs of the escaped text: entities (&amp;) keep their letters intact
        # only if skipped, so split around them.
        parts = re.split(r"(&[#\w]+;)", escape(practice.summary))
        text = "".join(p if p.startswith("&") else re.sub(r"\w+", mark, p) for p in parts)
        practice.snippet = mark_safe(text)  # noqa: S308 — escaped above, then marked


def replacements(lowered: list[str]) -> dict[str, str]:
    """Close words of the whole vocabulary (titles, summaries, bodies, labels and synonyms) for
    the words it lacks: ``difflib``'s closest match (ratio 0.75 or more), among the words of
    about the same length, after leaving out those that cannot reach it (``_reachable``)."""
    refresh()
    wanted = {word: fold(word) for word in lowered if len(word) > 2}
    if not wanted:
        return {}
    found = {}
    with connections[_alias()].cursor() as cursor:
        for word, folded in wanted.items():
            cursor.execute("SELECT 1 FROM knowledge_fts_word WHERE word = %s", [folded])
            if cursor.fetchone() or folded in synonyms.vocabulary():
                continue
            # Only words of about the same length can be close enough.
            cursor.execute(
                "SELECT word FROM knowledge_fts_word WHERE length BETWEEN %s AND %s",
                [len(folded) - 2, len(folded) + 2],
            )
            near = [w for (w,) in cursor.fetchall()]
            near += [w for w in synonyms.vocabulary() if abs(len(w) - len(folded)) <= 2]
            close = difflib.get_close_matches(folded, _reachable(folded, near), n=1, cutoff=CLOSE)
            if close:
                found[word] = close[0]
    return found


# difflib's ratio a suggestion must reach.
CLOSE = 0.75


def _reachable(word: str, candidates: list[str]) -> list[str]:
    """The ``candidates`` whose difflib ratio to ``word`` may reach ``CLOSE``: the others are
    left out at once, in arrays, rather than compared one by one in Python (tens of thousands
    of words of about the same length).

    The ratio is 2M / (len(a) + len(b)), M the characters matched: at most, for each letter,
    the fewer of its occurrences in either word (difflib's ``quick_ratio``). Below that bound
    the ratio is below CLOSE too, so what ``get_close_matches`` returns does not change."""
    if not candidates:
        return []
    width = max(len(w) for w in candidates)
    codes = np.array(candidates, dtype=f"<U{width}").view(np.uint32).reshape(len(candidates), -1)
    matched = np.zeros(len(candidates), dtype=np.int64)
    for letter in set(word):
        present = (codes == ord(letter)).sum(axis=1)
        matched += np.minimum(present, word.count(letter))
    lengths = (codes != 0).sum(axis=1)
    bound = 2.0 * matched / (lengths + len(word))
    return [w for w, ok in zip(candidates, bound >= CLOSE - 1e-9, strict=True) if ok]


def related(practice: Practice, themes: list[tuple[int, str]], *, limit: int, fields: tuple):
    return list(
        Practice.objects.published()
        .exclude(pk=practice.pk)
        .filter(themes__in=[pk for pk, _slug in themes])
        .annotate(shared=Count("themes"))
        .only(*fields)
        .order_by("-shared", "-published_at")[:limit]
    )
