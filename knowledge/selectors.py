"""Reads other apps use (the forum's digests list new practices in a member's themes), and the
parts of a practice's page that are the same for every visitor."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.functions import Lower

from knowledge import search
from knowledge.models import Collection, Practice, Status
from pagecache import remember

DIGEST_PRACTICES = 10


def practices_published_between(
    *, themes: Iterable[Any], start: datetime, end: datetime
) -> QuerySet[Practice]:
    """Published practices in any of ``themes`` that were published in [start, end)."""
    ids = (
        Practice.objects.published()
        .filter(themes__in=list(themes), published_at__gte=start, published_at__lt=end)
        .values("pk")
    )
    return Practice.objects.filter(pk__in=ids).order_by("published_at", "pk")[:DIGEST_PRACTICES]


def practices_published_between_by_theme(
    *, theme_ids: Iterable[int], start: datetime, end: datetime
) -> list[tuple[Practice, frozenset[int]]]:
    """Published practices in any of ``theme_ids`` published in [start, end), oldest first,
    each with its themes among ``theme_ids``: one read from which the digests pick each
    member's (their first ``DIGEST_PRACTICES`` in the member's themes and period)."""
    published = Practice.objects.published().filter(published_at__gte=start, published_at__lt=end)
    themes_of: dict[int, set[int]] = {}
    for practice_id, theme_id in Practice.themes.through.objects.filter(
        practice__in=published.values("pk"), theme_id__in=list(theme_ids)
    ).values_list("practice_id", "theme_id"):
        themes_of.setdefault(practice_id, set()).add(theme_id)
    practices = Practice.objects.filter(pk__in=list(themes_of)).defer("body")
    return [
        (practice, frozenset(themes_of[practice.pk]))
        for practice in practices.order_by("published_at", "pk")
    ]


def practice_page_parts(practice: Practice) -> dict[str, list[Any]]:
    """What a practice's page shows around the practice itself: ``related`` practices, its
    versions in ``other_languages``, ``iso26000`` subjects, ``sectors``, ``attachments``,
    ``links`` and the published ``collections`` it is in. Seven reads, the related practices the
    costly one
    in a large library; kept in the cache until the library or the vocabularies change
    (``pagecache.remember``), the practice's own edits included."""
    key = f"knowledge:practice-page:{practice.pk}:{practice.updated_at.isoformat()}"
    return remember(
        key,
        ["knowledge", "taxonomy"],
        lambda: {
            "related": search.related(practice),
            "other_languages": practice.other_language_versions(),
            "iso26000": list(practice.iso26000.all()),
            "sectors": list(practice.sectors.all()),
            "attachments": list(practice.attachments.all()),
            "links": list(practice.links.all()),
            "collections": list(practice.collections.published()),
        },
    )


def practice_digest(practice: Practice) -> str:
    """A digest of what a practice's page shows of its own row: part of the key its rendered
    page is kept under, so a write that announces no change (an ``update()``, a shell) still
    shows at once, as the body kept under its digest did (``markup.render_markdown_cached``)."""
    shown = (
        practice.updated_at.isoformat(),
        practice.title,
        practice.summary,
        practice.body,
        practice.type,
        practice.language,
        practice.year,
        practice.publisher,
        practice.url,
        practice.status,
        practice.audience,
        practice.countries,
    )
    return hashlib.blake2b(repr(shown).encode(), digest_size=12).hexdigest()


# --- Withdrawn practices (issue 14) -----------------------------------------------------------

SIMILAR_TO_WITHDRAWN = 5
# A successor may itself have been withdrawn since; follow the chain this far.
SUCCESSOR_HOPS = 5


def withdrawn_page_parts(practice: Practice) -> dict[str, Any]:
    """What the page of an archived practice offers instead: its published ``successor``
    (following successors that were withdrawn in turn), else published practices sharing its
    priority areas (``similar``)."""
    successor = practice.successor
    seen = {practice.pk}
    for _hop in range(SUCCESSOR_HOPS):
        if successor is None or successor.pk in seen or successor.status == Status.PUBLISHED:
            break
        seen.add(successor.pk)
        successor = successor.successor
    if successor is not None and successor.status == Status.PUBLISHED:
        return {"successor": successor, "similar": []}
    sharing = Practice.objects.published().filter(themes__in=practice.themes.values("pk"))
    similar = (
        Practice.objects.filter(pk__in=sharing.exclude(pk=practice.pk).values("pk"))
        .defer("body", "search_vector")
        .order_by("-published_at", "title")[:SIMILAR_TO_WITHDRAWN]
    )
    return {"successor": None, "similar": list(similar)}


# --- Collections in the reader's language (issue 14) ------------------------------------------


def collection_practices(collection: Collection, *, language: str) -> list[Practice]:
    """A collection's published practices for a reader of ``language``: each in its version in
    that language when one is published, then those in ``language`` first, each group in the
    curator's order. Two reads, whatever the collection's size."""
    practices = [
        item.practice
        for item in collection.items.select_related("practice")
        .defer("practice__body", "practice__search_vector")
        .filter(practice__status=Status.PUBLISHED)
        .order_by("position", "pk")
    ]
    foreign = [p for p in practices if p.language != language]
    roots = {p.translation_of_id or p.pk for p in foreign}
    versions = (
        {
            v.translation_of_id or v.pk: v
            for v in Practice.objects.published()
            .filter(Q(pk__in=roots) | Q(translation_of_id__in=roots), language=language)
            .defer("body", "search_vector")
        }
        if foreign
        else {}
    )
    shown: list[Practice] = []
    for practice in practices:
        if practice.language != language:
            practice = versions.get(practice.translation_of_id or practice.pk, practice)
        if practice not in shown:
            shown.append(practice)
    return sorted(shown, key=lambda p: p.language != language)


_PRACTICE_PATH = re.compile(r"/knowledge/p/([-a-zA-Z0-9_]+)/?")


def practices_named(lines: Iterable[str]) -> QuerySet[Practice]:
    """The published practices that lines of free text name: by the address of their page (in
    any language), by their key, or by their exact title."""
    slugs: set[str] = set()
    titles: set[str] = set()
    for line in lines:
        text = line.strip()
        if not text:
            continue
        found = _PRACTICE_PATH.search(text)
        slugs.add(found.group(1) if found else text)
        titles.add(text.lower())
    if not slugs:
        return Practice.objects.none()
    return (
        Practice.objects.published()
        .annotate(title_lower=Lower("title"))
        .filter(Q(slug__in=slugs) | Q(title_lower__in=titles))
        .order_by("title")
    )
