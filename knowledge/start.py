"""The library block of a person's start page ("Your portal", composed by ``portal``): their
saved searches with practices published since the last alert. Only the newest few saved
searches are looked at, so the page reads a bounded number of queries however many there are
(tests/portal/test_start_page.py); the saved searches page lists them all."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import QueryDict

from knowledge import search
from knowledge.models import SavedSearch

SHOWN = 5


@dataclass(frozen=True)
class NewMatches:
    saved_search: SavedSearch
    count: int


@dataclass(frozen=True)
class SavedSearchNews:
    has_saved_searches: bool
    # The saved searches (of the newest ``SHOWN``) with new matches, with their number.
    new_matches: list[NewMatches]


def saved_search_news_of(user: Any, *, limit: int = SHOWN) -> SavedSearchNews:
    """What is new for ``user``'s newest saved searches: the practices published since the
    last alert (or since it was saved), as the alert email will list them. One query, plus the
    search of each saved search looked at."""
    saved_searches = list(SavedSearch.objects.filter(user=user)[:limit])
    news = []
    for saved in saved_searches:
        matches = search.new_matches(
            search.Params.parse(QueryDict(saved.query)),
            since=saved.last_alert_at or saved.created_at,
            language=user.language,
        )
        if matches:
            news.append(NewMatches(saved_search=saved, count=len(matches)))
    return SavedSearchNews(has_saved_searches=bool(saved_searches), new_matches=news)
