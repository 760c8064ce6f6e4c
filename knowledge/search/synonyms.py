"""Curated synonyms (``knowledge.SearchSynonyms``, edited in the admin): a query holding one of a
group's words or phrases asks for any of them.

``expand`` finds the groups in a query by stems (in the group's language, so "energy savings"
meets "energy saving") and returns the query without those words plus, per group, the phrases
that may stand for them. Both engines build their query from that: the rest of the words as
before, AND one of each group's phrases. Queries with quotes or "or" are left as typed: the
reader has written the query they want.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from knowledge.models import SearchSynonyms
from knowledge.search import shared
from knowledge.search.query import excluded, words
from knowledge.search.text import stem, tokens


@dataclass(frozen=True)
class Group:
    language: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Expansion:
    rest: str  # the query without the words of the groups found in it ("" if none is left)
    groups: tuple[Group, ...] = ()  # each: any one of its phrases


def groups() -> list[Group]:
    """The groups in use, kept in the shared cache until the library changes."""
    return shared.remember("knowledge:synonyms", ["knowledge"], _load)


def _load() -> list[Group]:
    return [
        Group(language=s.language, terms=tuple(s.term_list()))
        for s in SearchSynonyms.objects.filter(is_active=True).order_by("pk")
        if len(s.term_list()) > 1
    ]


def vocabulary() -> frozenset[str]:
    """The folded words of every group: words a "did you mean" may suggest."""
    return _vocabulary(tuple(groups()))


@lru_cache(maxsize=16)
def _vocabulary(found: tuple[Group, ...]) -> frozenset[str]:
    return frozenset(
        w for group in found for term in group.terms for w in tokens(term) if len(w) > 2
    )


def expand(q: str) -> Expansion:
    """``q`` as the rest of its words and the synonym groups found in it."""
    if not q or '"' in q or " or " in f" {q.lower()} ":
        return Expansion(rest=q)
    found = tuple(groups())
    if not found:
        return Expansion(rest=q)
    return _expand(q, found)


@lru_cache(maxsize=16)
def _candidates(found: tuple[Group, ...]) -> list[tuple[Group, list[str]]]:
    """Each group's phrases as stems in the group's language, longest first, so "energy
    saving" wins over a group holding just "energy"."""
    candidates = [
        (group, [stem(w, group.language) for w in term])
        for group in found
        for term in (tokens(t) for t in group.terms)
        if term
    ]
    return sorted(candidates, key=lambda c: -len(c[1]))


@lru_cache(maxsize=512)
def _expand(q: str, found: tuple[Group, ...]) -> Expansion:
    folded = tokens(" ".join(words(q)))
    taken = [False] * len(folded)
    matched: list[Group] = []
    stemmed: dict[str, list[str]] = {}
    for group, term_stems in _candidates(found):
        size = len(term_stems)
        if size > len(folded):
            continue
        query_stems = stemmed.setdefault(group.language, [stem(w, group.language) for w in folded])
        for start in range(len(folded) - size + 1):
            span = range(start, start + size)
            if any(taken[i] for i in span) or query_stems[start : start + size] != term_stems:
                continue
            for i in span:
                taken[i] = True
            if group not in matched:
                matched.append(group)
            break
    if not matched:
        return Expansion(rest=q)
    rest = [w for w, used in zip(folded, taken, strict=True) if not used]
    rest += [f"-{w}" for w in excluded(q)]
    return Expansion(rest=" ".join(rest), groups=tuple(matched))
