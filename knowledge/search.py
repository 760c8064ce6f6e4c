"""One search interface, two engines.

On PostgreSQL each practice carries, kept by triggers (migrations 0002, 0004 and 0005): a
weighted tsvector (title A, summary B, body C) in its own language's configuration plus an
unstemmed ``simple`` copy, accents removed, GIN-indexed; a GIN expression index over title and
summary only; ``facet_keys``, every facet value as text ("type:guide"), GIN-indexed; and
``facet_bits``, one bit per facet value. A query is parsed with ``websearch_to_tsquery``
(quotes, minus, "or") in the interface language's configuration OR'd with ``simple``, so it
finds practices in every language; practices in the interface language rank higher
(``LANGUAGE_BOOST``). One SQL statement returns the matches' facet bits (counted in numpy, not
as a row per facet value), the bit of every facet key and the page: only the ``RANKED`` best
candidates (title or summary matches first, then newest) are scored with ``ts_rank``, so the
cost of ranking does not grow with the library. When every word must match and nothing does,
misspelt words get a pg_trgm suggestion from the ``knowledge_searchword`` vocabulary, or the
words are ORed and ranking sorts them.

On SQLite (``make run``) a plain fallback matches every word anywhere in the text and counts
the facets in Python. Either way, several values of one facet combine with OR, facets with AND,
and each facet's counts apply every *other* facet's selection (the usual disjunctive facets).
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from math import ceil
from typing import Any
from urllib.parse import urlencode

import numpy as np
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    FloatField,
    IntegerField,
    Q,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

import pagecache
from knowledge.models import Audience, Language, Practice, PracticeType
from taxonomy.choices import Country
from taxonomy.models import Iso26000Subject, Sector, Theme

FACETS: dict[str, Any] = {
    "type": _("Type"),
    "theme": _("Priority area"),
    "iso26000": _("ISO 26000 core subject"),
    "audience": _("Audience"),
    "sector": _("Sector"),
    "country": _("Country"),
    "language": _("Language"),
}
SORTS = {"relevance": _("Relevance"), "newest": _("Newest"), "title": _("Title")}
PAGE_SIZE = 10
MAX_PAGE_SIZE = 50
MAX_PAGE = 1_000_000
MAX_QUERY = 200
CONFIGS = {"en": "english", "nl": "dutch", "fr": "french", "de": "german"}
# How many of a query's matches are scored with ts_rank; the rest follow, title and summary
# matches first, then newest. Scoring reads each match's large vector, so it must be capped.
RANKED = 1000
# A practice in the reader's own language scores this many times its text rank, so at equal
# relevance it comes first, while a far better match in another language still leads.
LANGUAGE_BOOST = 2.0
# Snippets come from the summary and the start of the body: parsing whole bodies for ten
# results would cost more than the search itself.
HEADLINE_BODY = 2000
# Bytes of each practice's facet_bits (migration 0002_search): one bit per facet value.
FACET_BYTES = 32
# The number of bits set in each byte value, bit by bit: _BYTE_BITS[v, k] is bit k of v.
_BYTE_BITS = np.unpackbits(
    np.arange(256, dtype=np.uint8)[:, None], axis=1, bitorder="little"
).astype(np.int64)
_MARK_START, _MARK_STOP = "\x02", "\x03"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class InvalidParams(ValueError):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass
class Params:
    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    page_size: int = PAGE_SIZE

    @classmethod
    def parse(cls, data: Any, *, strict: bool = False) -> Params:
        """Read a QueryDict. Lenient (the page) drops bad values; strict (the API) raises."""
        errors: list[str] = []
        # Control characters (NUL among them) mean nothing in a search and PostgreSQL refuses NUL.
        q = " ".join(_CONTROL.sub(" ", data.get("q", "")).split())
        if len(q) > MAX_QUERY:
            errors.append(str(_("The search is too long.")))
            q = q[:MAX_QUERY]
        filters = {}
        for name in FACETS:
            values = [
                v.strip()
                for v in data.getlist(name)
                for v in _CONTROL.sub("", v).split(",")
                if v.strip()
            ]
            values = sorted({v[:80] for v in values})[:20]
            if values:
                filters[name] = values
        sort = data.get("sort") or "relevance"
        if sort not in SORTS:
            errors.append(str(_("Sort by relevance, newest or title.")))
            sort = "relevance"
        page, page_size = 1, PAGE_SIZE
        try:
            page = int(data.get("page") or 1)
            page_size = int(data.get("page_size") or PAGE_SIZE)
            if page < 1 or page_size < 1:
                raise ValueError
        except ValueError:
            errors.append(str(_("Page and page size must be positive whole numbers.")))
            page, page_size = 1, PAGE_SIZE
        if page > MAX_PAGE:
            # Past any page that can hold results (and past what SQL's OFFSET can take).
            if strict:
                errors.append(str(_("There are not that many pages.")))
            page = MAX_PAGE
        if page_size > MAX_PAGE_SIZE:
            if strict:
                errors.append(str(_("At most 50 results per page.")))
            page_size = MAX_PAGE_SIZE
        if strict and errors:
            raise InvalidParams(errors)
        return cls(q=q, filters=filters, sort=sort, page=page, page_size=page_size)

    def querystring(self, *, with_page: bool = False, **changes: Any) -> str:
        """The canonical query string (what a saved search stores)."""
        pairs: list[tuple[str, str]] = []
        q = changes.get("q", self.q)
        if q:
            pairs.append(("q", q))
        filters = changes.get("filters", self.filters)
        for name in FACETS:
            pairs.extend((name, value) for value in filters.get(name, []))
        sort = changes.get("sort", self.sort)
        if sort != "relevance":
            pairs.append(("sort", sort))
        if with_page and changes.get("page", self.page) > 1:
            pairs.append(("page", str(changes.get("page", self.page))))
        if with_page and self.page_size != PAGE_SIZE:
            pairs.append(("page_size", str(self.page_size)))
        return urlencode(pairs)

    def toggled(self, facet: str, value: str) -> str:
        filters = {k: list(v) for k, v in self.filters.items()}
        current = filters.setdefault(facet, [])
        if value in current:
            current.remove(value)
        else:
            current.append(value)
        return self.querystring(filters=filters)

    @property
    def is_empty(self) -> bool:
        return not self.q and not self.filters


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    toggle_url: str = ""


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue]

    @property
    def selected(self) -> list[FacetValue]:
        return [v for v in self.values if v.selected]


@dataclass
class Results:
    params: Params
    total: int
    practices: list[Practice]
    facets: list[Facet]
    corrected: str = ""
    relaxed: bool = False

    @property
    def suggestion(self) -> str:
        """The corrected query the results are for, when the words as typed found nothing."""
        return self.corrected

    @property
    def original_query(self) -> str:
        return self.params.querystring()

    @property
    def suggestion_query(self) -> str:
        return self.params.querystring(q=self.corrected)

    @property
    def num_pages(self) -> int:
        return max(1, ceil(self.total / self.params.page_size))

    @property
    def has_previous(self) -> bool:
        return self.params.page > 1

    @property
    def has_next(self) -> bool:
        return self.params.page < self.num_pages

    def page_url(self, page: int) -> str:
        return "?" + self.params.querystring(with_page=True, page=page)

    @property
    def previous_url(self) -> str:
        return self.page_url(self.params.page - 1)

    @property
    def next_url(self) -> str:
        return self.page_url(self.params.page + 1)


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def interface_config(language: str | None = None) -> str:
    code = (language or translation.get_language() or "en")[:2]
    return "knowledge_" + CONFIGS.get(code, "simple")


def _has_operators(q: str) -> bool:
    return '"' in q or re.search(r"(^|\s)-\w", q) is not None or " or " in f" {q.lower()} "


def _words(q: str) -> list[str]:
    words = []
    for token in re.findall(r"-?[\w']+", q.replace('"', " ")):
        if token.lower() == "or" or token.startswith("-"):
            continue
        words.append(token)
    return words


def _tsquery(q: str, config: str, *, relaxed: bool) -> tuple[str, list[str]]:
    """SQL for the query's tsquery, parsed in ``config`` and in simple, with its parameters."""
    one = "websearch_to_tsquery(%s::regconfig, %s)"
    if relaxed:
        one = f"replace({one}::text, ' & ', ' | ')::tsquery"
    sql = f"({one} || {one})"
    return sql, [config, q, "knowledge_simple", q]


def _matches(q: str, *, language: str | None, relaxed: bool = False):
    """Published practices matching ``q``, with a ``rank``."""
    qs = Practice.objects.published()
    if not q:
        return qs.annotate(rank=Value(0.0, output_field=FloatField()))
    if is_postgres():
        sql, params = _tsquery(q, interface_config(language), relaxed=relaxed)
        table = Practice._meta.db_table
        # The SQL is fixed text; the user's words only ever travel as parameters.
        matched = RawSQL(f'"{table}"."search_vector" @@ {sql}', params, BooleanField())  # noqa: S611
        rank = RawSQL(f'ts_rank("{table}"."search_vector", {sql})', params, FloatField())  # noqa: S611
        return qs.filter(matched).annotate(rank=rank)
    words = _words(q)
    excluded = [t[1:] for t in re.findall(r"(?:^|\s)(-\w+)", q)]
    for word in words:
        qs = qs.filter(
            Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)
        )
    for word in excluded:
        qs = qs.exclude(
            Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)
        )
    rank = sum(
        (Case(When(title__icontains=w, then=2), default=1, output_field=IntegerField()))
        for w in words
    ) or Value(0)
    return qs.annotate(rank=rank)


@dataclass
class _Row:
    pk: int
    rank: float
    title: str
    published_at: Any
    values: dict[str, set[str]]


def _rows(qs) -> list[_Row]:
    rows = {
        r["pk"]: _Row(
            pk=r["pk"],
            rank=float(r["rank"] or 0),
            title=r["title"],
            published_at=r["published_at"],
            values={
                "type": {r["type"]},
                "language": {r["language"]},
                "audience": set(r["audience"] or []),
                "country": set(r["countries"] or []),
                "theme": set(),
                "iso26000": set(),
                "sector": set(),
            },
        )
        for r in qs.values(
            "pk", "rank", "title", "published_at", "type", "language", "audience", "countries"
        )
    }
    ids = list(rows)
    if ids:
        for name, through, column in (
            ("theme", Practice.themes.through, "theme__slug"),
            ("iso26000", Practice.iso26000.through, "iso26000subject__slug"),
            ("sector", Practice.sectors.through, "sector__code"),
        ):
            for practice_id, value in through.objects.filter(practice_id__in=ids).values_list(
                "practice_id", column
            ):
                rows[practice_id].values[name].add(value)
    return list(rows.values())


def _labels() -> dict[str, list[tuple[str, str]]]:
    """Every facet value's label in the active language, kept in the cache until the taxonomy
    changes."""
    key = f"knowledge:facet-labels:{translation.get_language()}"
    return pagecache.remember(key, ["taxonomy"], _read_labels)


def _read_labels() -> dict[str, list[tuple[str, str]]]:
    return {
        "type": [(v, str(label)) for v, label in PracticeType.choices],
        "theme": [(v, gettext(n)) for v, n in Theme.objects.values_list("slug", "name")],
        "iso26000": [
            (v, gettext(n)) for v, n in Iso26000Subject.objects.values_list("slug", "name")
        ],
        "audience": [(v, str(label)) for v, label in Audience.choices],
        "sector": [
            (code, f"{code} – {gettext(name)}")
            for code, name in Sector.objects.values_list("code", "name")
        ],
        "country": [(v, str(label)) for v, label in Country.choices],
        "language": [(v, str(label)) for v, label in Language.choices],
    }


def _passes(row: _Row, filters: dict[str, list[str]], *, skip: str | None = None) -> bool:
    return all(row.values[name] & set(values) for name, values in filters.items() if name != skip)


def _sorted(rows: list[_Row], sort: str) -> list[_Row]:
    def newest_key(row: _Row) -> float:
        return -(row.published_at.timestamp() if row.published_at else 0)

    if sort == "title":
        return sorted(rows, key=lambda r: (r.title.casefold(), r.pk))
    if sort == "newest":
        return sorted(rows, key=lambda r: (newest_key(r), r.pk))
    return sorted(rows, key=lambda r: (-r.rank, newest_key(r), r.pk))


def _headlines(practices: list[Practice], q: str, language: str | None) -> None:
    """Attach a highlighted snippet (safe HTML) to each practice on the page."""
    for practice in practices:
        practice.snippet = escape(practice.summary)
    if not q or not practices:
        return
    if not is_postgres():
        words = [w.lower() for w in _words(q)]
        for practice in practices:
            text = escape(practice.summary)
            for word in words:
                text = re.sub(f"({re.escape(word)})", r"<mark>\1</mark>", text, flags=re.IGNORECASE)
            practice.snippet = mark_safe(text)  # noqa: S308 — escaped above, then marked
        return
    sql, params = _tsquery(q, interface_config(language), relaxed=True)
    options = f"StartSel={_MARK_START}, StopSel={_MARK_STOP}, MaxWords=35, MinWords=15"
    headline = RawSQL(  # noqa: S611 — fixed SQL, words as parameters
        f"ts_headline(%s::regconfig, summary || ' ' || left(body, {HEADLINE_BODY}), {sql}, %s)",
        [interface_config(language), *params, options],
    )
    found = dict(
        Practice.objects.filter(pk__in=[p.pk for p in practices])
        .annotate(headline=headline)
        .values_list("pk", "headline")
    )
    for practice in practices:
        text = found.get(practice.pk) or practice.summary
        if _MARK_START not in text:
            text = practice.summary
        html = escape(text).replace(_MARK_START, "<mark>").replace(_MARK_STOP, "</mark>")
        practice.snippet = SafeString(html)


def suggest(q: str) -> str:
    """A "did you mean" query for misspelt words, or ""."""
    words = _words(q)[:6]
    if not words:
        return ""
    lowered = [w.lower() for w in words]
    replacements: dict[str, str] = {}
    if is_postgres():
        # The vocabulary holds the words of published titles and summaries (migration 0002_search).
        # Its GiST trigram index returns the nearest words directly (<->); of the closest few,
        # one similar enough (pg_trgm's 0.3) and most used wins.
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
                    replacements[word] = best
    else:
        vocabulary = {
            w
            for text in Practice.objects.published().values_list("title", flat=True)
            for w in re.findall(r"\w+", text.lower())
        }
        for word in lowered:
            if word not in vocabulary and len(word) > 2:
                close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.75)
                if close:
                    replacements[word] = close[0]
    if not replacements:
        return ""

    def swap(match: re.Match) -> str:
        return replacements.get(match.group(0).lower(), match.group(0))

    return re.sub(r"[\w']+", swap, q)


@dataclass
class _Found:
    matched: int = 0
    total: int = 0
    hits: list[tuple[int, float]] = field(default_factory=list)
    counts: dict[str, Counter[str]] = field(default_factory=dict)


_HEAD = "h.status = 'published' AND knowledge_head_vector(h.language, h.title, h.summary)"


def _find_sql(
    params: Params, q: str, *, language: str, relaxed: bool, bits: bool = True
) -> tuple[str, list[Any]]:
    """One statement for the facet counts, the totals and the page of a search (PostgreSQL).

    ``m`` holds every published practice matching the words (before any facet), with one flag
    per selected facet; a facet value is counted for the matches passing every *other* facet.
    With ``bits`` the statement returns the matches' facet bits and the bit of every facet key,
    and numpy counts (``_count_bits``); without, SQL counts one row per facet value of every
    match. The SQL text is built from fixed names (FACETS, columns); the user's words and facet
    values only ever travel as parameters.
    """
    args: list[Any] = []
    flags, names = [], []
    for name in FACETS:
        if name in params.filters:
            flags.append(f", p.facet_keys && %s::text[] AS pass_{name}")
            args.append([f"{name}:{value}" for value in params.filters[name]])
            names.append(name)

    def passing(skip: str | None = None) -> str:
        return " AND ".join(f"m.pass_{n}" for n in names if n != skip) or "true"

    if q:
        tsq, tsq_args = _tsquery(q, interface_config(language), relaxed=relaxed)
        # Title or summary matches, through their own GIN index (migration 0002_search).
        head = f"p.id IN (SELECT h.id FROM knowledge_practice h WHERE {_HEAD} @@ {tsq})"  # noqa: S608
        match = f"AND p.search_vector @@ {tsq}"
        args = [*tsq_args, *args, *tsq_args]
    else:
        tsq, tsq_args, head, match = "", [], "false", ""
    # Every column of ``m`` is copied for every match: the title only when sorting by it.
    title = "p.title" if params.sort == "title" else "''"
    flag_columns = "".join(flags)
    facets = "p.facet_bits" if bits else "p.facet_keys"
    cte = f"""
        WITH m AS MATERIALIZED (
          SELECT p.id, p.published_at, {title} AS title, {facets}, {head} AS head{flag_columns}
          FROM knowledge_practice p
          WHERE p.status = 'published' {match}
        )"""  # noqa: S608
    branches = "".join(f" WHEN '{n}' THEN {passing(n)}" for n in names)
    counted = f"CASE split_part(k, ':', 1){branches} ELSE {passing()} END" if names else "true"
    start, size = (params.page - 1) * params.page_size, params.page_size
    if params.sort == "title":
        order = "lower({t}.title), {t}.id"
    else:
        order = "{t}.published_at DESC NULLS LAST, {t}.id"
    if q and params.sort == "relevance":
        # Only the RANKED best candidates are scored; the rest keep the candidates' order.
        cte += f""",
        ranked AS (
          -- A lookup per candidate (not a join the planner might turn into a table scan).
          SELECT c.id, c.published_at, c.title, (SELECT ts_rank(p.search_vector, {tsq})
                          * CASE WHEN p.language = %s THEN {LANGUAGE_BOOST} ELSE 1 END
                        FROM knowledge_practice p WHERE p.id = c.id) AS rank
          FROM (SELECT m.id, m.published_at, m.title FROM m WHERE {passing()}
                ORDER BY m.head DESC, {order.format(t="m")} LIMIT {RANKED}) c
        )"""  # noqa: S608
        args += [*tsq_args, language]
        if start + size <= RANKED:
            page = f"""SELECT r.id, r.rank FROM ranked r
                       ORDER BY r.rank DESC, {order.format(t="r")} OFFSET %s LIMIT %s"""  # noqa: S608
        else:
            page = f"""SELECT m.id, coalesce(r.rank, 0) AS rank
                       FROM m LEFT JOIN ranked r ON r.id = m.id WHERE {passing()}
                       ORDER BY r.rank IS NULL, r.rank DESC, m.head DESC, {order.format(t="m")}
                       OFFSET %s LIMIT %s"""  # noqa: S608
    else:
        page = f"""SELECT m.id, 0::float8 AS rank FROM m WHERE {passing()}
                   ORDER BY {order.format(t="m")} OFFSET %s LIMIT %s"""  # noqa: S608
    args += [start, size]
    page_part = f"""
        SELECT 3, NULL, NULL, array_agg(h.id), array_agg(h.rank), NULL FROM ({page}) h"""  # noqa: S608
    if bits:
        sql = f"""{cte}
        SELECT 0 AS part, key, bit::bigint AS n, NULL::bigint[], NULL::float8[], NULL::bytea
          FROM knowledge_facetbit
        UNION ALL
        SELECT 1, NULL, count(*), NULL, NULL, string_agg(m.facet_bits, '') FROM m
        UNION ALL {page_part}
        """  # noqa: S608
        return sql, args
    sql = f"""{cte}
        SELECT 0 AS part, k AS key, count(*) AS n, NULL::bigint[], NULL::float8[], NULL::bytea
          FROM m, unnest(m.facet_keys) AS k WHERE {counted} GROUP BY k
        UNION ALL
        SELECT 1, NULL, count(*) FILTER (WHERE {passing()}), NULL, NULL, NULL FROM m
        UNION ALL
        SELECT 2, NULL, count(*), NULL, NULL, NULL FROM m
        UNION ALL {page_part}
    """  # noqa: S608
    return sql, args


def _bit_counts(rows: np.ndarray) -> np.ndarray:
    """How many of ``rows`` (one facet_bits per row) have each bit set (8 per byte of width)."""
    width = rows.shape[1]
    # One histogram of byte values per byte position, then the bits of each byte value.
    offsets = (rows.astype(np.int64) + 256 * np.arange(width)).ravel()
    histogram = np.bincount(offsets, minlength=256 * width).reshape(width, 256)
    return (histogram @ _BYTE_BITS).ravel()


def _count_bits(
    found: _Found, blob: bytes | None, bits: dict[str, int], filters: dict[str, list[str]]
) -> None:
    """Fill ``found``'s totals and disjunctive facet counts from the matches' facet bits."""
    rows = np.frombuffer(blob or b"", dtype=np.uint8).reshape(-1, FACET_BYTES)
    passes: dict[str, np.ndarray] = {}
    for name, values in filters.items():
        mask = np.zeros(FACET_BYTES, dtype=np.uint8)
        for value in values:
            bit = bits.get(f"{name}:{value}")
            if bit is not None:  # no practice ever had it: nothing passes
                mask[bit // 8] |= 1 << (bit % 8)
        passes[name] = (rows & mask).any(axis=1)

    def passing(skip: str | None = None) -> np.ndarray:
        selected = np.ones(len(rows), dtype=bool)
        for name, passed in passes.items():
            if name != skip:
                selected &= passed
        return selected

    by_facet: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for key, bit in bits.items():
        name, _sep, value = key.partition(":")
        by_facet[name].append((value, bit))
    tallies: dict[str | None, np.ndarray] = {}
    for name in FACETS:
        # A facet's values count the matches passing every *other* selected facet.
        skip = name if name in passes else None
        if skip not in tallies:
            tallies[skip] = _bit_counts(rows[passing(skip)])
        tally = tallies[skip]
        found.counts[name] = Counter(
            {value: int(tally[bit]) for value, bit in by_facet[name] if tally[bit]}
        )
    found.matched = len(rows)
    found.total = int(passing().sum())


def _find(params: Params, q: str, *, language: str, relaxed: bool = False) -> _Found:
    found = _find_with(params, q, language=language, relaxed=relaxed, bits=True)
    if found is None:  # a facet key has no bit (all 256 taken): count in SQL
        found = _find_with(params, q, language=language, relaxed=relaxed, bits=False)
    return found


def _find_with(
    params: Params, q: str, *, language: str, relaxed: bool, bits: bool
) -> _Found | None:
    sql, args = _find_sql(params, q, language=language, relaxed=relaxed, bits=bits)
    found = _Found(counts={name: Counter() for name in FACETS})
    key_bits: dict[str, int] = {}
    blob = None
    with transaction.atomic(), connection.cursor() as cursor:
        # The planner does not price reading the large vectors: for a common word it would
        # scan the table and detoast every vector rather than take the GIN index, which
        # answers a plain @@ without reading them. JIT compiling costs more than it saves here.
        # The matches are materialised once and read several times: keep them in memory.
        cursor.execute(
            "SET LOCAL jit = off; SET LOCAL work_mem = '32MB'"
            + ("; SET LOCAL enable_seqscan = off" if q else "")
        )
        cursor.execute(sql, args)
        for part, key, n, ids, ranks, facet_bits in cursor.fetchall():
            if part == 0 and bits:
                if n is None:
                    return None
                key_bits[key] = n
            elif part == 0:
                name, _sep, value = key.partition(":")
                if name in found.counts:
                    found.counts[name][value] = n
            elif part == 1 and bits:
                blob = facet_bits
            elif part == 1:
                found.total = n
            elif part == 2:
                found.matched = n
            else:
                found.hits = list(zip(ids or [], ranks or [], strict=True))
    if bits:
        _count_bits(found, blob, key_bits, params.filters)
    return found


def _search_postgres(params: Params, language: str) -> tuple[_Found, str, bool]:
    q = params.q
    found = _find(params, q, language=language)
    corrected, relaxed = "", False
    if q and not found.matched:
        # Nothing matched every word: first try the spelling suggestion, then any of the words.
        suggestion = suggest(q)
        if suggestion:
            retry = _find(params, suggestion, language=language)
            if retry.matched:
                found, corrected = retry, suggestion
        if not corrected and len(_words(q)) > 1 and not _has_operators(q):
            retry = _find(params, q, language=language, relaxed=True)
            if retry.matched:
                found, relaxed = retry, True
    return found, corrected, relaxed


def _search_plain(params: Params, language: str) -> tuple[_Found, str]:
    """The SQLite fallback: every match's facet values are read and counted in Python."""
    q = params.q
    corrected = ""
    rows = _rows(_matches(q, language=language))
    if q and not rows:
        suggestion = suggest(q)
        if suggestion:
            rows = _rows(_matches(suggestion, language=language))
            corrected = suggestion if rows else ""
    filters = params.filters
    selected = [row for row in rows if _passes(row, filters)]
    found = _Found(matched=len(rows), total=len(selected))
    for name in FACETS:
        counts: Counter[str] = Counter()
        for row in rows:
            if _passes(row, filters, skip=name):
                counts.update(row.values[name])
        found.counts[name] = counts
    ordered = _sorted(selected, params.sort)
    start = (params.page - 1) * params.page_size
    found.hits = [(row.pk, row.rank) for row in ordered[start : start + params.page_size]]
    return found, corrected


def search(params: Params, *, language: str | None = None) -> Results:
    language = (language or translation.get_language() or "en")[:2]
    relaxed = False
    if is_postgres():
        found, corrected, relaxed = _search_postgres(params, language)
    else:
        found, corrected = _search_plain(params, language)
    labels = _labels()
    facets = []
    for name, label in FACETS.items():
        counts = found.counts.get(name, Counter())
        chosen = set(params.filters.get(name, []))
        values = [
            FacetValue(
                value=value,
                label=value_label,
                count=counts.get(value, 0),
                selected=value in chosen,
                toggle_url="?" + params.toggled(name, value),
            )
            for value, value_label in labels[name]
            if counts.get(value) or value in chosen
        ]
        facets.append(Facet(name=name, label=str(label), values=values))
    page_ids = [pk for pk, _rank in found.hits]
    # A result shows the title, summary and snippet: the bodies stay in the database.
    on_page = Practice.objects.filter(pk__in=page_ids).defer("body").prefetch_related("themes")
    by_pk = {p.pk: p for p in on_page}
    practices = [by_pk[pk] for pk in page_ids if pk in by_pk]
    ranks = dict(found.hits)
    for practice in practices:
        practice.rank = float(ranks[practice.pk] or 0)
    _headlines(practices, corrected or params.q, language)
    return Results(
        params=params,
        total=found.total,
        practices=practices,
        facets=facets,
        corrected=corrected,
        relaxed=relaxed,
    )


def new_matches(params: Params, *, since: Any, language: str | None = None) -> list[Practice]:
    """Published practices matching a saved search that were published after ``since``."""
    rows = [
        row
        for row in _rows(_matches(params.q, language=language).filter(published_at__gt=since))
        if _passes(row, params.filters)
    ]
    ids = [row.pk for row in _sorted(rows, "newest")]
    by_pk = Practice.objects.in_bulk(ids)
    return [by_pk[pk] for pk in ids]


# Related practices are chosen among this many of the newest sharing a priority area.
RELATED_CANDIDATES = 500

# What a list of related practices shows: the long texts stay out of the cache.
RELATED_FIELDS = ("id", "slug", "title", "type", "language")


def related(practice: Practice, *, limit: int = 4) -> list[Practice]:
    """Published practices sharing the most priority areas with ``practice``, then newest,
    with ``RELATED_FIELDS`` only (the practice's page keeps them in the cache)."""
    # The page has prefetched the themes: all() reads them from there.
    themes = [(theme.pk, theme.slug) for theme in practice.themes.all()]
    if not themes:
        return []
    if is_postgres():
        keys = [f"theme:{slug}" for _pk, slug in themes]
        columns = ", ".join(f"p.{name}" for name in RELATED_FIELDS)
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
                """,  # noqa: S608 — the columns are the constant RELATED_FIELDS
                [practice.pk, keys, RELATED_CANDIDATES, keys, limit],
            )
        )
    return list(
        Practice.objects.published()
        .exclude(pk=practice.pk)
        .filter(themes__in=[pk for pk, _slug in themes])
        .annotate(shared=Count("themes"))
        .only(*RELATED_FIELDS)
        .order_by("-shared", "-published_at")[:limit]
    )
