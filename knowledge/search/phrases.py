"""Adjacent word pairs: what narrows a phrase search before PostgreSQL checks word positions.

A GIN index on a ``tsvector`` finds the practices holding every word of a phrase, but not
whether the words stand side by side: each such practice's whole vector is read to check the
positions. For two common words that is most of the library. So every published practice's
vector also gives a set of keys, one per pair of lexemes at adjacent positions
(``knowledge_pair_keys``, migration ``0010_search_pairs``, a GIN expression index); a
practice can match ``'a' <-> 'b'`` only if it holds the key of ("a", "b").

``condition`` reads the tsquery PostgreSQL parsed (its text form) and returns what any match
must hold, as alternatives of keys (any alternative, every key of it), or ``None`` when the
query asks for no adjacent pair (a word, words AND'd, a phrase with a stop word inside); the
statement then adds ``keys @> alternative OR …`` to the query, and PostgreSQL still checks
the phrase itself on the few practices that pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A condition: alternatives, each a set of pairs every match must hold; None: no condition.
Condition = frozenset[frozenset[tuple[str, str]]] | None
# Past this many alternatives a condition is dropped (the query is then checked as before).
MAX_ALTERNATIVES = 16

_TOKEN = re.compile(r"\s*(?:'((?:[^']|'')*)'(:[*A-D]+)?|(<->|<\d+>|[&|!()]))")


@dataclass(frozen=True)
class _Node:
    op: str  # "word", "&", "|", "!", or the phrase distance ("1", "2", …)
    word: str = ""
    prefix: bool = False
    left: _Node | None = None
    right: _Node | None = None


def parse(text: str) -> _Node | None:
    """A tsquery's text form (``'a' <-> 'b' & !'c'``) as a tree, or None if it is empty or
    not understood."""
    tokens: list[tuple[str, str, bool]] = []
    position = 0
    text = text.strip()
    while position < len(text):
        found = _TOKEN.match(text, position)
        if not found:
            return None
        word, flags, op = found.groups()
        if op is None:
            tokens.append(("word", word.replace("''", "'"), bool(flags and "*" in flags)))
        else:
            tokens.append((op, "", False))
        position = found.end()
    if not tokens:
        return None
    parser = _Parser(tokens)
    try:
        tree = parser.expression()
    except (IndexError, ValueError):
        return None
    return tree if parser.done else None


class _Parser:
    """tsquery precedence: ``!`` binds tightest, then ``<->``/``<N>``, then ``&``, then ``|``."""

    def __init__(self, tokens: list[tuple[str, str, bool]]) -> None:
        self.tokens = tokens
        self.at = 0

    @property
    def done(self) -> bool:
        return self.at == len(self.tokens)

    def _peek(self) -> str:
        return self.tokens[self.at][0] if self.at < len(self.tokens) else ""

    def expression(self) -> _Node:
        node = self._and()
        while self._peek() == "|":
            self.at += 1
            node = _Node("|", left=node, right=self._and())
        return node

    def _and(self) -> _Node:
        node = self._phrase()
        while self._peek() == "&":
            self.at += 1
            node = _Node("&", left=node, right=self._phrase())
        return node

    def _phrase(self) -> _Node:
        node = self._unary()
        while self._peek().startswith("<"):
            op = self.tokens[self.at][0]
            self.at += 1
            distance = "1" if op == "<->" else op[1:-1]
            node = _Node(distance, left=node, right=self._unary())
        return node

    def _unary(self) -> _Node:
        op, word, prefix = self.tokens[self.at]
        self.at += 1
        if op == "!":
            return _Node("!", left=self._unary())
        if op == "(":
            node = self.expression()
            if self._peek() != ")":
                raise ValueError("unbalanced")
            self.at += 1
            return node
        if op == "word":
            return _Node("word", word=word, prefix=prefix)
        raise ValueError(op)


_TRUE: frozenset[frozenset[tuple[str, str]]] = frozenset({frozenset()})


def _and(a: frozenset, b: frozenset) -> frozenset:
    combined = frozenset(x | y for x in a for y in b)
    return combined if len(combined) <= MAX_ALTERNATIVES else _TRUE


def _or(a: frozenset, b: frozenset) -> frozenset:
    if frozenset() in a or frozenset() in b:
        return _TRUE
    combined = a | b
    return combined if len(combined) <= MAX_ALTERNATIVES else _TRUE


def _edge(node: _Node, last: bool) -> str | None:
    """The lexeme at the left (or right) end of a phrase, if it is one plain word."""
    while node.op not in {"word", "&", "|", "!"}:
        node = node.right if last else node.left  # type: ignore[assignment]
    return node.word if node.op == "word" and not node.prefix else None


def _needs(node: _Node) -> frozenset:
    """What every match of ``node`` must hold, in alternatives (``_TRUE``: nothing)."""
    if node.op == "&":
        return _and(_needs(node.left), _needs(node.right))  # type: ignore[arg-type]
    if node.op == "|":
        return _or(_needs(node.left), _needs(node.right))  # type: ignore[arg-type]
    if node.op in {"word", "!"}:
        return _TRUE
    # A phrase: both sides, and the two words meeting at distance one side by side.
    needs = _and(_needs(node.left), _needs(node.right))  # type: ignore[arg-type]
    if node.op == "1":
        left, right = _edge(node.left, last=True), _edge(node.right, last=False)  # type: ignore[arg-type]
        if left is not None and right is not None:
            needs = _and(needs, frozenset({frozenset({(left, right)})}))
    return needs


def condition(tsquery_text: str) -> Condition:
    """The pairs a match of the tsquery must hold (alternatives), or None for no condition."""
    tree = parse(tsquery_text)
    if tree is None:
        return None
    needs = _needs(tree)
    return None if frozenset() in needs else needs
