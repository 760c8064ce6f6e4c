"""Words as the SQLite engine indexes and looks them up, the way PostgreSQL's
``knowledge_<language>`` configurations do: lower case, accents folded (unaccent), then the
language's Snowball stemmer (PyStemmer, or snowballstemmer if it is missing), stop words left
out of the stemmed copy.

An indexed text is its stemmed words followed by all its words unstemmed, as PostgreSQL's
vector holds the stemmed configuration and the ``simple`` one: a query stemmed in the reader's
language finds the practices of that language, and its words as typed find any language.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from knowledge.languages import SEARCH_CONFIGURATIONS
from knowledge.search.stopwords import STOP_WORDS

try:  # the C stemmers; the pure Python ones give the same stems
    from Stemmer import Stemmer as _Stemmer

    def _make(name: str):
        return _Stemmer(name).stemWord

except ImportError:  # pragma: no cover
    import snowballstemmer

    def _make(name: str):
        return snowballstemmer.stemmer(name).stemWord


# Letters unaccent folds that Unicode does not decompose.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ı": "i"})
_WORD = re.compile(r"\w+")
# The longest word indexed: longer runs are not words a reader types (PostgreSQL: 2047 bytes).
MAX_WORD = 60


def fold(text: str) -> str:
    """Lower case without accents: "Égalité" → "egalite", "Straße" → "strasse"."""
    text = text.casefold().translate(_LIGATURES)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokens(text: str) -> list[str]:
    """The folded words of ``text``, in order."""
    return [w for w in _WORD.findall(fold(text)) if len(w) <= MAX_WORD]


@cache
def _stemmer(language: str):
    name = SEARCH_CONFIGURATIONS.get(language)
    return _make(name) if name else None


@cache
def _stop_words(language: str) -> frozenset[str]:
    return frozenset(fold(w) for w in STOP_WORDS.get(language, ()))


def stems(words: list[str], language: str) -> list[str]:
    """The stems of folded ``words`` in ``language``, stop words left out; [] for a language
    without a stemmer (PostgreSQL's ``simple`` only)."""
    stem = _stemmer(language[:2])
    if stem is None:
        return []
    stop = _stop_words(language[:2])
    return [stem(w) for w in words if w not in stop]


def stem(word: str, language: str) -> str:
    """One folded word's stem (the word itself in a language without a stemmer)."""
    found = _stemmer(language[:2])
    return found(word) if found else word


def indexed(text: str, language: str) -> str:
    """What the full text index stores for ``text`` in ``language``: its stems, then its words."""
    words = tokens(text)
    return " ".join([*stems(words, language), *words])
