"""The PostgreSQL engine: full text search over what the triggers keep on each practice.

Per practice (migration 0002_search): a weighted ``search_vector`` (title A, summary B, body C)
in its own language's configuration plus an unstemmed ``simple`` copy, accents removed,
GIN-indexed; a GIN expression index over title and summary only (``knowledge_head_vector``);
``facet_keys``, every facet value as text ("type:guide"), GIN-indexed; and ``facet_bits``, one
bit per facet key.

A query is parsed with ``websearch_to_tsquery`` (quotes, minus, "or") in the interface
language's configuration OR'd with ``simple``, so it finds practices in every language;
practices in the interface language rank higher (``LANGUAGE_BOOST``). One statement returns the
matches' facet bits (counted in ``facets.tally``), the bit of every facet key and the page:
only the ``RANKED`` best candidates (title or summary matches first, then newest) are scored
with ``ts_rank``, so the cost of ranking does not grow with the library.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString

from knowledge.languages import FALLBACK_CONFIGURATION, SEARCH_CONFIGURATIONS
from knowledge.models import Practice
from knowledge.search import facets, phrases, synonyms
from knowledge.search.query import FACETS, Params

# How many of a query's matches are scored with ts_rank; the rest follow, title and summary
# matches first, then newest. Scoring reads each match's large vector, so it must be capped.
RANKED = 1000
# A practice in the reader's own language scores this many times its text rank, so at equal
# relevance it comes first, while a far better match in another language still leads.
LANGUAGE_BOOST = 2.0
# Snippets come from the summary and the start of the body: parsing whole bodies for ten
# results would cost more than the search itself.
HEADLINE_BODY = 2000
# Bytes of each practice's facet_bits (migration 0002_search's WIDTH): one bit per facet key.
FACET_BYTES = 32
_MARK_START, _MARK_STOP = "\x02", "\x03"
_EXACT = f"knowledge_{FALLBACK_CONFIGURATION}"
# Above this many matches, a search's facet counts and total are estimated from a sample
# ("about"), as counting them reads every match (about 1 µs each).
ESTIMATE_ABOVE = 5_000
# The sample: published practices whose id is a multiple of this (migration 0011_search_sample).
SAMPLE = 10
# The planner does not price reading the large vectors: for a common word it would scan the
# table and detoast every vector rather than take the GIN index, which answers a plain @@
# without reading them. JIT compiling costs more than it saves here. The matches are
# materialised once and read several times: keep them in memory.
_NO_SEQSCAN = "; SET LOCAL enable_seqscan = off"
_SETTINGS = "SET LOCAL jit = off; SET LOCAL work_mem = '32MB'" + _NO_SEQSCAN
_PUNCTUATION = re.compile(r"[^\w\s]")
_HEAD = "h.status = 'published' AND knowledge_head_vector(h.language, h.title, h.summary)"
# The query for titles and summaries, with phrases loosened to their words: the index answers it
# without computing any practice's head vector again to check positions (hundreds of them for a
# phrase of two common words). It only orders the candidates to rank.
_LOOSE = "regexp_replace(({tsq})::text, '<(-|[0-9]+)>', '&', 'g')::tsquery"


class Part(StrEnum):
    """The rows of a search's one statement, by what they hold."""

    MATCHES = "matches"  # every match's facet bits (or keys) in one value
    KEY = "key"  # a facet key and its bit
    PAGE = "page"  # the page's ids and ranks


def interface_config(language: str) -> str:
    """The text search configuration of the reader's language."""
    return "knowledge_" + SEARCH_CONFIGURATIONS.get(language[:2], FALLBACK_CONFIGURATION)


def _tsquery(q: str, config: str, *, relaxed: bool, expand: bool = True) -> tuple[str, list[str]]:
    """SQL for the query's tsquery, parsed in ``config`` and in simple, with its parameters.

    Synonym groups found in ``q`` (``synonyms.expand``, unless not ``expand``) become "any of
    these phrases", each phrase in its group's language's configuration and in simple, AND'd
    to the other words (OR'd when ``relaxed``)."""
    expansion = synonyms.expand(q) if expand else synonyms.Expansion(rest=q)
    one = "websearch_to_tsquery(%s::regconfig, %s)"
    if relaxed:
        one = f"replace({one}::text, ' & ', ' | ')::tsquery"
    parts, args = [], []
    # Relaxed, any word as typed will do, or any phrase of a group.
    rest = q if relaxed else expansion.rest
    if rest or not expansion.groups:
        parts.append(f"({one} || {one})")
        args += [config, rest, _EXACT, rest]
    phrase = "phraseto_tsquery(%s::regconfig, %s) || phraseto_tsquery(%s::regconfig, %s)"
    for group in expansion.groups:
        parts.append("(" + " || ".join([phrase] * len(group.terms)) + ")")
        for term in group.terms:
            args += [interface_config(group.language), term, _EXACT, term]
    return "(" + (" || " if relaxed else " && ").join(parts) + ")", args


def _score(q: str, language: str, *, relaxed: bool) -> tuple[str, list[str]]:
    """SQL scoring the practice ``p`` for ``q``, and its parameters. With synonyms, the words
    as typed score once more: a practice holding them leads one that holds only a synonym."""
    tsq, tsq_args = _tsquery(q, interface_config(language), relaxed=relaxed)
    score, score_args = f"ts_rank(p.search_vector, {tsq})", tsq_args
    if synonyms.expand(q).groups:
        typed, typed_args = _tsquery(q, interface_config(language), relaxed=relaxed, expand=False)
        score = f"({score} + ts_rank(p.search_vector, {typed}))"
        score_args = [*tsq_args, *typed_args]
    return score, score_args


Pairs = tuple[str, list[Any], bool]


def _pair_filter(q: str, tsq: str, tsq_args: list[str]) -> Pairs:
    """SQL (a format string for the table alias ``t``) that narrows a search for phrases to
    the practices holding every adjacent word pair a match needs (``phrases``), its
    parameters, and whether a title-and-summary match may fail the whole query (it holds a
    phrase or a ``-word``); ("", [], False) for words alone.

    Phrases come from quotes, hyphenated or apostrophised words and synonyms of several words:
    only then is the parsed query read back (one round trip) to find its pairs."""
    if not _PUNCTUATION.search(q) and not synonyms.expand(q).groups:
        return "", [], False
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ({tsq})::text", tsq_args)
        text = cursor.fetchone()[0] or ""
    needs = phrases.condition(text)
    checked = "!" in text or "<" in text
    if needs is None:
        return "", [], checked
    alternatives = sorted(sorted(f"{a} {b}" for a, b in pairs) for pairs in needs)
    # The expression of the GIN index knowledge_practice_pairs (migration 0010_search_pairs);
    # the keys are computed once, when the statement is planned. The ids come first, in a
    # list of their own: as a condition beside the words, the pairs of every row the phrase is
    # checked on would be computed again (milliseconds a row).
    one = "knowledge_pair_keys(x.search_vector) @> knowledge_pair_keys_of(%s::text[])"
    ids = (
        "SELECT x.id FROM knowledge_practice x WHERE x.status = 'published' AND ("  # noqa: S608
        + " OR ".join([one] * len(alternatives))
        + ")"
    )
    return f" AND {{t}}.id = ANY(ARRAY({ids}))", alternatives, checked


def matching(q: str, *, language: str) -> QuerySet:
    """Published practices matching ``q``."""
    sql, params = _tsquery(q, interface_config(language), relaxed=False)
    table = Practice._meta.db_table
    # The SQL is fixed text; the user's words only ever travel as parameters.
    matched = RawSQL(f'"{table}"."search_vector" @@ {sql}', params, BooleanField())  # noqa: S611
    return Practice.objects.published().filter(matched)


def _find_sql(
    params: Params,
    q: str,
    *,
    language: str,
    relaxed: bool,
    bits: bool,
    pair_filter: Pairs | None = None,
) -> tuple[str, list[Any]]:
    """One statement for the matches' facets and the page of a search.

    ``m`` holds every published practice matching the words (before any facet), with one flag
    per selected facet. With ``bits`` the statement returns the matches' facet bits and the bit
    of every facet key; without, the matches' facet keys. The SQL text is built from fixed
    names (FACETS, columns); the user's words and facet values only ever travel as parameters.
    """
    args: list[Any] = []
    flags, names = [], []
    for name in FACETS:
        if name in params.filters:
            flags.append(f", p.facet_keys && %s::text[] AS pass_{name}")
            args.append([f"{name}:{value}" for value in params.filters[name]])
            names.append(name)
    passing = " AND ".join(f"m.pass_{n}" for n in names) or "true"
    if q:
        tsq, tsq_args = _tsquery(q, interface_config(language), relaxed=relaxed)
        score, score_args = _score(q, language, relaxed=relaxed)
        # A phrase first narrows to the practices holding its adjacent word pairs.
        if pair_filter is None:
            pair_filter = _pair_filter(q, tsq, tsq_args)
        pairs, pair_args, _checked = pair_filter
        # Title or summary matches, through their own GIN index (few for a phrase: its words
        # in a title or summary).
        loose = _LOOSE.format(tsq=tsq)
        head = f"p.id IN (SELECT h.id FROM knowledge_practice h WHERE {_HEAD} @@ {loose})"  # noqa: S608
        match = f"AND p.search_vector @@ {tsq}{pairs.format(t='p')}"
        args = [*tsq_args, *args, *tsq_args, *pair_args]
    else:
        tsq, tsq_args, head, match = "", [], "false", ""
        score, score_args = "0", []
    # Every column of ``m`` is copied for every match: the title only when sorting by it.
    title = "p.title" if params.sort == "title" else "''"
    column = "facet_bits" if bits else "facet_keys"
    cte = f"""
        WITH m AS MATERIALIZED (
          SELECT p.id, p.published_at, {title} AS title, p.{column}, {head} AS head{"".join(flags)}
          FROM knowledge_practice p
          WHERE p.status = 'published' {match}
        )"""  # noqa: S608
    if params.sort == "title":
        order = "lower({t}.title), {t}.id"
    else:
        order = "{t}.published_at DESC NULLS LAST, {t}.id"
    if q and params.sort == "relevance":
        # Only the RANKED best candidates are scored; the rest keep the candidates' order.
        cte += f""",
        ranked AS (
          -- A lookup per candidate (not a join the planner might turn into a table scan).
          SELECT c.id, c.published_at, c.title, (SELECT {score}
                          * CASE WHEN p.language = %s THEN {LANGUAGE_BOOST} ELSE 1 END
                        FROM knowledge_practice p WHERE p.id = c.id) AS rank
          FROM (SELECT m.id, m.published_at, m.title FROM m WHERE {passing}
                ORDER BY m.head DESC, {order.format(t="m")} LIMIT {RANKED}) c
        )"""  # noqa: S608
        args += [*score_args, language]
        if params.start + params.page_size <= RANKED:
            page = f"""SELECT r.id, r.rank FROM ranked r
                       ORDER BY r.rank DESC, {order.format(t="r")} OFFSET %s LIMIT %s"""  # noqa: S608
        else:
            page = f"""SELECT m.id, coalesce(r.rank, 0) AS rank
                       FROM m LEFT JOIN ranked r ON r.id = m.id WHERE {passing}
                       ORDER BY r.rank IS NULL, r.rank DESC, m.head DESC, {order.format(t="m")}
                       OFFSET %s LIMIT %s"""  # noqa: S608
    else:
        page = f"""SELECT m.id, 0::float8 AS rank FROM m WHERE {passing}
                   ORDER BY {order.format(t="m")} OFFSET %s LIMIT %s"""  # noqa: S608
    args += [params.start, params.page_size]
    collected = "string_agg(m.facet_bits, '')" if bits else "json_agg(m.facet_keys)"
    keys = f"""
        UNION ALL
        SELECT '{Part.KEY}', key, bit, NULL, NULL, NULL FROM knowledge_facetbit"""  # noqa: S608
    sql = f"""{cte}
        SELECT '{Part.MATCHES}'::text AS part, NULL::text AS key, NULL::int AS bit,
               NULL::bigint[] AS ids, NULL::float8[] AS ranks, {collected} AS facets FROM m
        {keys if bits else ""}
        UNION ALL
        SELECT '{Part.PAGE}', NULL, NULL, array_agg(h.id), array_agg(h.rank), NULL FROM ({page}) h
    """  # noqa: S608
    return sql, args


def find(params: Params, q: str, *, language: str, relaxed: bool = False) -> facets.Found:
    pair_filter = None
    if q:
        pair_filter = _pair_filter(q, *_tsquery(q, interface_config(language), relaxed=relaxed))
    # A phrase narrowed by its pairs has few matches to count, whatever its words.
    if (
        pair_filter is not None
        and not pair_filter[0]
        and params.sort != "title"
        and params.start + params.page_size <= RANKED
    ):
        estimate = _estimate(params, q, language=language, relaxed=relaxed, pair_filter=pair_filter)
        if estimate is not None:
            return estimate
    found = _find(params, q, language=language, relaxed=relaxed, bits=True, pair_filter=pair_filter)
    if found is None:  # a facet key found no free bit: read the matches' keys instead
        found = _find(
            params, q, language=language, relaxed=relaxed, bits=False, pair_filter=pair_filter
        )
    return found


def _find(
    params: Params,
    q: str,
    *,
    language: str,
    relaxed: bool,
    bits: bool,
    pair_filter: Pairs | None = None,
) -> facets.Found | None:
    sql, args = _find_sql(
        params, q, language=language, relaxed=relaxed, bits=bits, pair_filter=pair_filter
    )
    key_bits: dict[str, int] = {}
    matches: Any = None
    hits: list[tuple[int, float]] = []
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_SETTINGS if q else _SETTINGS.replace(_NO_SEQSCAN, ""))
        cursor.execute(sql, args)
        for part, key, bit, ids, ranks, collected in cursor.fetchall():
            if part == Part.MATCHES:
                matches = collected
            elif part == Part.KEY:
                if bit is None:
                    return None
                key_bits[key] = bit
            else:
                hits = list(zip(ids or [], ranks or [], strict=True))
    if bits:
        rows = np.frombuffer(matches or b"", dtype=np.uint8).reshape(-1, FACET_BYTES)
    else:
        rows, key_bits = facets.pack(matches or [])
    counts, passed = facets.tally(rows, key_bits, params.filters)
    return facets.Found(matched=len(rows), total=int(passed.sum()), hits=hits, counts=counts)


def _estimate(
    params: Params, q: str, *, language: str, relaxed: bool, pair_filter: Pairs
) -> facets.Found | None:
    """A search whose words match more than ``ESTIMATE_ABOVE`` practices: the facet counts and
    the total estimated from the sample (the published practices whose id is a multiple of
    ``SAMPLE``, read through their own small GIN index), and the first pages found without
    reading every match; None for fewer matches (counted exactly, ``_find``).

    The candidates to rank are the newest ``RANKED`` title-and-summary matches, then the
    sample's other matches, newest first (in ``_find``: every other match, newest first)."""
    tsq, tsq_args = _tsquery(q, interface_config(language), relaxed=relaxed)
    pairs, pair_args, checked = pair_filter
    words = f"p.search_vector @@ {tsq}{pairs.format(t='p')}"
    words_args = [*tsq_args, *pair_args]
    sample = f"""
        SELECT '{Part.MATCHES}'::text AS part, NULL::text AS key, NULL::int AS bit,
               string_agg(p.facet_bits, '') AS facets
        FROM knowledge_practice p
        WHERE p.status = 'published' AND mod(p.id / 10, {SAMPLE}) = 0 AND {words}
        UNION ALL
        SELECT '{Part.KEY}', key, bit, NULL FROM knowledge_facetbit"""  # noqa: S608
    key_bits: dict[str, int] = {}
    matches = b""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_SETTINGS)
        cursor.execute(sample, words_args)
        for part, key, bit, collected in cursor.fetchall():
            if part == Part.MATCHES:
                matches = collected or b""
            elif bit is None:
                return None  # a key found no free bit: counted from the keys, exactly
            else:
                key_bits[key] = bit
        if len(matches) // FACET_BYTES * SAMPLE <= ESTIMATE_ABOVE:
            return None
        page, page_args = _estimated_page(params, q, language, relaxed, words, words_args, checked)
        cursor.execute(page, page_args)
        ids, ranks = cursor.fetchone()
    rows = np.frombuffer(matches, dtype=np.uint8).reshape(-1, FACET_BYTES)
    counts, passed = facets.tally(rows, key_bits, params.filters)
    for counted in counts.values():
        for value in counted:
            counted[value] *= SAMPLE
    return facets.Found(
        matched=len(rows) * SAMPLE,
        total=int(passed.sum()) * SAMPLE,
        hits=list(zip(ids or [], ranks or [], strict=True)),
        counts=counts,
        estimated=True,
    )


def _estimated_page(
    params: Params,
    q: str,
    language: str,
    relaxed: bool,
    words: str,
    words_args: list[Any],
    checked: bool,
) -> tuple[str, list[Any]]:
    """The page of an estimated search (``_estimate``): its ids and ranks, in one row."""
    filters, filter_args = "", []
    for name in FACETS:
        if name in params.filters:
            filters += " AND p.facet_keys && %s::text[]"
            filter_args.append([f"{name}:{value}" for value in params.filters[name]])
    window = [params.start, params.page_size]
    if params.sort != "relevance":
        # Newest first: the published_at index, checking the words row by row until the page
        # is full (a common word needs few rows).
        sql = f"""
            SELECT array_agg(h.id), array_agg(0::float8) FROM (
              SELECT p.id FROM knowledge_practice p
              WHERE p.status = 'published' AND p.published_at IS NOT NULL AND {words}{filters}
              ORDER BY p.published_at DESC, p.id OFFSET %s LIMIT %s) h"""  # noqa: S608
        return sql, [*words_args, *filter_args, *window]
    tsq, tsq_args = _tsquery(q, interface_config(language), relaxed=relaxed)
    score, score_args = _score(q, language, relaxed=relaxed)
    # A title or summary holding only plain words AND'd or OR'd matches the whole query; with
    # a phrase (loosened for the index) or a -word it is checked against the whole vector.
    head = _HEAD.replace("h.", "p.") + f" @@ {_LOOSE.format(tsq=tsq)}"
    head_args = list(tsq_args)
    if checked:
        head += f" AND {words}"
        head_args += words_args
    order = "published_at DESC NULLS LAST, id"
    sql = f"""
        WITH head AS MATERIALIZED (
          SELECT p.id, p.published_at FROM knowledge_practice p
          WHERE {head}{filters} ORDER BY p.{order.replace(", ", ", p.")} LIMIT {RANKED}
        ), candidates AS (
          SELECT c.id, c.published_at FROM (
            SELECT id, published_at, 0 AS rest FROM head
            UNION ALL
            (SELECT p.id, p.published_at, 1 FROM knowledge_practice p
             WHERE p.status = 'published' AND mod(p.id / 10, {SAMPLE}) = 0 AND {words}{filters}
               AND p.id NOT IN (SELECT id FROM head)
             ORDER BY p.{order.replace(", ", ", p.")} LIMIT {RANKED})
          ) c ORDER BY c.rest, c.{order.replace(", ", ", c.")} LIMIT {RANKED}
        )
        SELECT array_agg(r.id), array_agg(r.rank) FROM (
          SELECT c.id, c.published_at, (SELECT {score}
                          * CASE WHEN p.language = %s THEN {LANGUAGE_BOOST} ELSE 1 END
                        FROM knowledge_practice p WHERE p.id = c.id) AS rank
          FROM candidates c ORDER BY rank DESC, c.{order.replace(", ", ", c.")} OFFSET %s LIMIT %s
        ) r"""  # noqa: S608
    args = [*head_args, *filter_args, *words_args, *filter_args, *score_args, language, *window]
    return sql, args


def headlines(practices: list[Practice], q: str, language: str) -> None:
    """Each practice's ``snippet``: the words of ``q`` marked in its summary, or, when the
    summary holds none of them, in the summary and the start of its body (``ts_headline``
    parses every word it is given: the summary alone is a fifth of the work)."""
    sql, params = _tsquery(q, interface_config(language), relaxed=True)
    options = f"StartSel={_MARK_START}, StopSel={_MARK_STOP}, MaxWords=35, MinWords=15"
    config = interface_config(language)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH q AS MATERIALIZED (SELECT {sql} AS query)
            SELECT s.id, CASE WHEN strpos(s.headline, %s) > 0 THEN s.headline
                ELSE ts_headline(%s::regconfig, s.summary || ' ' || left(s.body, {HEADLINE_BODY}),
                                 q.query, %s) END
            FROM (SELECT p.id, p.summary, p.body,
                         ts_headline(%s::regconfig, p.summary, q.query, %s) AS headline
                  FROM knowledge_practice p, q WHERE p.id = ANY(%s)) s, q
            """,  # noqa: S608 — fixed SQL, words as parameters
            [*params, _MARK_START, config, options, config, options, [p.pk for p in practices]],
        )
        found = dict(cursor.fetchall())
    for practice in practices:
        text = found.get(practice.pk) or practice.summary
        if _MARK_START not in text:
            text = practice.summary
        html = escape(text).replace(_MARK_START, "<mark>").replace(_MARK_STOP, "</mark>")
        practice.snippet = SafeString(html)


def replacements(lowered: list[str]) -> dict[str, str]:
    """The closest vocabulary word for each word the vocabulary lacks.

    The vocabulary holds the words of published titles and summaries. Its GiST trigram index
    returns the nearest words directly (<->); of the closest few, one similar enough (pg_trgm's
    0.3) and most used wins."""
    found = {}
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT w,
              EXISTS (SELECT 1 FROM knowledge_searchword WHERE word = unaccent(w)),
              (SELECT near.word FROM (
                 SELECT word, ndoc, similarity(word, unaccent(w)) AS score
                 FROM knowledge_searchword ORDER BY word <-> unaccent(w) LIMIT 5
               ) near WHERE near.score > 0.3
               ORDER BY near.score DESC, near.ndoc DESC, near.word LIMIT 1)
            FROM unnest(%s::text[]) AS w
            """,
            [lowered],
        )
        for word, known, best in cursor.fetchall():
            if not known and best and len(word) > 2:
                found[word] = best
    return found


# Related practices are chosen among this many of the newest sharing a priority area.
RELATED_CANDIDATES = 500


def related(practice: Practice, themes: list[tuple[int, str]], *, limit: int, fields: tuple):
    keys = [f"theme:{slug}" for _pk, slug in themes]
    columns = ", ".join(f"p.{name}" for name in fields)
    # A priority area may hold half the library: count the shared areas of the newest
    # candidates only (the published_at index finds them), not of every practice.
    return list(
        Practice.objects.raw(
            f"""
            SELECT {columns} FROM (
              SELECT id, published_at, facet_keys FROM knowledge_practice
              WHERE status = 'published' AND id <> %s AND facet_keys && %s::text[]
              ORDER BY published_at DESC, id LIMIT %s
            ) c JOIN knowledge_practice p ON p.id = c.id
            ORDER BY cardinality(ARRAY(SELECT unnest(c.facet_keys) INTERSECT
                                       SELECT unnest(%s::text[]))) DESC,
                     c.published_at DESC, c.id
            LIMIT %s
            """,  # noqa: S608 — the columns are the caller's constant field names
            [practice.pk, keys, RELATED_CANDIDATES, keys, limit],
        )
    )
