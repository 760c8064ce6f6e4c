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

import pagecache
from knowledge.models import SearchSynonyms
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
    return pagecache.remember("knowledge:synonyms", ["knowledge"], _load)


def _load() -> list[Group]:
    return [
        Group(language=s.language, terms=tuple(s.term_list()))
        for s in SearchSynonyms.objects.filter(is_active=True).order_by("pk")
        if len(s.term_list()) > 1
    ]


def vocabulary() -> set[str]:
    """The folded words of every group: words a "did you mean" may suggest."""
    return {w for group in groups() for term in group.terms for w in tokens(term) if len(w) > 2}


def expand(q: str) -> Expansion:
    """``q`` as the rest of its words and the synonym groups found in it."""
    if not q or '"' in q or " or " in f" {q.lower()} ":
        return Expansion(rest=q)
    found = groups()
    if not found:
        return Expansion(rest=q)
    folded = tokens(" ".join(words(q)))
    taken = [False] * len(folded)
    matched: list[Group] = []
    # Longer phrases first, so "energy saving" wins over a group holding just "energy".
    candidates = sorted(
        ((group, tokens(term)) for group in found for term in group.terms),
        key=lambda c: -len(c[1]),
    )
    stemmed: dict[str, list[str]] = {}
    for group, term in candidates:
        if not term or len(term) > len(folded):
            continue
        query_stems = stemmed.setdefault(group.language, [stem(w, group.language) for w in folded])
        term_stems = [stem(w, group.language) for w in term]
        for start in range(len(folded) - len(term) + 1):
            span = range(start, start + len(term))
            if any(taken[i] for i in span) or query_stems[start : start + len(term)] != term_stems:
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
