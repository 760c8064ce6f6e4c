"""The plain engine, for SQLite (``make run``): every word must occur anywhere in the text
(``icontains``), ``-word`` excludes, title matches rank first; the matches' facet values are
read through the ORM and counted like PostgreSQL's (``facets.tally``)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils.html import escape
from django.utils.safestring import mark_safe

from knowledge.models import Practice
from knowledge.search import facets
from knowledge.search.query import Params, excluded, words

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


def _anywhere(word: str) -> Q:
    return Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)


def matching(q: str, *, language: str | None = None, relaxed: bool = False) -> QuerySet:
    """Published practices matching ``q`` (any of its words if ``relaxed``), with a ``rank``."""
    qs = Practice.objects.published()
    wanted = words(q)
    if relaxed and wanted:
        qs = qs.filter(reduce(or_, map(_anywhere, wanted)))
    else:
        for word in wanted:
            qs = qs.filter(_anywhere(word))
    for word in excluded(q):
        qs = qs.exclude(_anywhere(word))
    rank = sum(
        (Case(When(title__icontains=w, then=2), default=1, output_field=IntegerField()))
        for w in wanted
    ) or Value(0)
    return qs.annotate(rank=rank)


def rows(qs: QuerySet) -> list[Row]:
    """The matches ``qs`` with their facet keys ("type:guide", …)."""
    columns = ["pk", "title", "published_at", "type", "language", "audience", "countries"]
    if "rank" in qs.query.annotations:
        columns.append("rank")
    found = {
        r["pk"]: Row(
            pk=r["pk"],
            rank=float(r.get("rank") or 0),
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
    matches = rows(matching(q, relaxed=relaxed))
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
    lowered = [w.lower() for w in words(q)]
    for practice in practices:
        text = escape(practice.summary)
        for word in lowered:
            text = re.sub(f"({re.escape(word)})", r"<mark>\1</mark>", text, flags=re.IGNORECASE)
        practice.snippet = mark_safe(text)  # noqa: S308 — escaped above, then marked


def replacements(lowered: list[str]) -> dict[str, str]:
    """Close title words for the words no published title holds."""
    vocabulary = {
        w
        for text in Practice.objects.published().values_list("title", flat=True)
        for w in re.findall(r"\w+", text.lower())
    }
    found = {}
    for word in lowered:
        if word not in vocabulary and len(word) > 2:
            close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.75)
            if close:
                found[word] = close[0]
    return found


def related(practice: Practice, themes: list[tuple[int, str]], *, limit: int, fields: tuple):
    return list(
        Practice.objects.published()
        .exclude(pk=practice.pk)
        .filter(themes__in=[pk for pk, _slug in themes])
        .annotate(shared=Count("themes"))
        .only(*fields)
        .order_by("-shared", "-published_at")[:limit]
    )
