"""One search interface, two engines.

- ``query``: the parameters (``Params``, the same on the page and in the API) and a query's words;
- ``postgres``: full text search over what the triggers keep on each practice (tests,
  production);
- ``plain``: SQLite's FTS5 with BM25, stemmed in Python (``make run``), matching like PostgreSQL;
- ``text``: folding, stop words and Snowball stems for the SQLite index;
- ``labels``: the facet values' labels in four languages, indexed by both engines;
- ``synonyms``: the curated synonym groups, applied by both engines;
- ``facets``: the facet counts, one way for both engines;
- ``results``: the answer (``Results``), the facets' labels and links.

Either engine finds the matches' facets and the page; when every word must match and nothing
does, misspelt words are replaced by a close word of the published texts ("did you mean"), or
else the words are OR'd and ranking sorts them. The engine is the one of the database the
practices are read from (``router.db_for_read``).
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, router
from django.utils import translation
from django.utils.html import escape

from knowledge.models import Practice
from knowledge.search import facets, hierarchy, plain, postgres, shared
from knowledge.search.query import (
    FACETS,
    MAX_PAGE_SIZE,
    MAX_QUERY,
    PAGE_SIZE,
    SORTS,
    InvalidParams,
    Params,
    has_operators,
    replace_words,
    words,
)
from knowledge.search.results import Facet, FacetValue, Results, facet_list

__all__ = [
    "FACETS",
    "MAX_PAGE_SIZE",
    "MAX_QUERY",
    "PAGE_SIZE",
    "SORTS",
    "Facet",
    "FacetValue",
    "InvalidParams",
    "Params",
    "Results",
    "is_postgres",
    "new_matches",
    "related",
    "search",
    "suggest",
]

# What a list of related practices shows: the long texts stay out of the cache.
RELATED_FIELDS = ("id", "slug", "title", "type", "language")
# What a page of results does not read.
_PAGE_DEFERRED = ("body", "search_vector")


def is_postgres() -> bool:
    """Whether the practices live in PostgreSQL (else SQLite): the database they are read from."""
    alias = router.db_for_read(Practice) or DEFAULT_DB_ALIAS
    return connections[alias].vendor == "postgresql"


def _engine() -> ModuleType:
    return postgres if is_postgres() else plain


def _language(language: str | None) -> str:
    return (language or translation.get_language() or "en")[:2]


def search(params: Params, *, language: str | None = None) -> Results:
    # The synonyms, the facet tree and labels: read from the shared cache once per search.
    with shared.one_search():
        return _search(params, language=language)


def _search(params: Params, *, language: str | None) -> Results:
    language = _language(language)
    engine = _engine()
    q = params.q
    # The engines filter by values as given: a section is widened to take in its divisions.
    wide = hierarchy.widened_params(params)
    found = engine.find(wide, q, language=language)
    corrected, relaxed = "", False
    if q and not found.matched:
        # Nothing matched every word: first try the spelling suggestion, then any of the words.
        suggestion = suggest(q)
        if suggestion:
            retry = engine.find(wide, suggestion, language=language)
            if retry.matched:
                found, corrected = retry, suggestion
        if not corrected and len(words(q)) > 1 and not has_operators(q):
            retry = engine.find(wide, q, language=language, relaxed=True)
            if retry.matched:
                found, relaxed = retry, True
    return Results(
        params=params,
        total=found.total,
        practices=_page(found, corrected or q, language),
        facets=facet_list(params, found.counts),
        corrected=corrected,
        relaxed=relaxed,
        estimated=found.estimated,
    )


def _page(found: facets.Found, q: str, language: str) -> list[Practice]:
    """The practices of the page, in order, each with its ``rank`` and ``snippet``."""
    ids = [pk for pk, _rank in found.hits]
    # A result shows the title, summary and snippet: the bodies and the search vectors (tens of
    # kilobytes each, read from TOAST and parsed) stay in the database.
    on_page = Practice.objects.filter(pk__in=ids).defer(*_PAGE_DEFERRED).prefetch_related("themes")
    by_pk = {p.pk: p for p in on_page}
    practices = [by_pk[pk] for pk in ids if pk in by_pk]
    ranks = dict(found.hits)
    for practice in practices:
        practice.rank = float(ranks[practice.pk] or 0)
        practice.snippet = escape(practice.summary)
    if q and practices:
        _engine().headlines(practices, q, language)
    return practices


def suggest(q: str) -> str:
    """A "did you mean" query for misspelt words, or ""."""
    lowered = [w.lower() for w in words(q)[:6]]
    if not lowered:
        return ""
    replacements = _engine().replacements(lowered)
    return replace_words(q, replacements) if replacements else ""


def new_matches(params: Params, *, since: Any, language: str | None = None) -> list[Practice]:
    """Published practices matching a saved search that were published after ``since``."""
    qs = Practice.objects.published()
    if params.q:
        qs = _engine().matching(params.q, language=_language(language))
    rows = plain.rows(qs.filter(published_at__gt=since))
    ids = [row.pk for row in plain.ordered(plain.passing(rows, params.filters), "newest")]
    by_pk = Practice.objects.in_bulk(ids)
    return [by_pk[pk] for pk in ids]


def related(practice: Practice, *, limit: int = 4) -> list[Practice]:
    """Published practices sharing the most priority areas with ``practice``, then newest,
    with ``RELATED_FIELDS`` only (the practice's page keeps them in the cache)."""
    # The page has prefetched the themes: all() reads them from there.
    themes = [(theme.pk, theme.slug) for theme in practice.themes.all()]
    if not themes:
        return []
    return _engine().related(practice, themes, limit=limit, fields=RELATED_FIELDS)
