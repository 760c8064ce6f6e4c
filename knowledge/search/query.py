"""What a search asks for: the parameters of the page and the API, and the words of a query."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _

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

    @property
    def start(self) -> int:
        """How many results come before this page."""
        return (self.page - 1) * self.page_size


def has_operators(q: str) -> bool:
    return '"' in q or re.search(r"(^|\s)-\w", q) is not None or " or " in f" {q.lower()} "


def words(q: str) -> list[str]:
    """The words a query asks for: not "or", not the ``-word``s it excludes."""
    found = []
    for token in re.findall(r"-?[\w']+", q.replace('"', " ")):
        if token.lower() == "or" or token.startswith("-"):
            continue
        found.append(token)
    return found


def excluded(q: str) -> list[str]:
    """The words a query excludes (``-word``)."""
    return [token[1:] for token in re.findall(r"(?:^|\s)(-\w+)", q)]


def replace_words(q: str, replacements: dict[str, str]) -> str:
    """``q`` with each word (lower-cased) in ``replacements`` replaced."""

    def swap(match: re.Match) -> str:
        return replacements.get(match.group(0).lower(), match.group(0))

    return re.sub(r"[\w']+", swap, q)
