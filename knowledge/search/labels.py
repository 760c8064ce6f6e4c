"""The labels of the facet values a practice carries, in the four languages, for both engines'
full text: its type, audience, priority areas, ISO 26000 subjects and NACE sectors, so that
"supply chain" finds the practices tagged *Responsible supply chains*.

Both engines read one table, ``knowledge_facetlabel`` (facet key, language, label; migration
``0006_search_labels_fts``), weighted like the summary. ``sync`` fills it from the taxonomy
(django-modeltranslation's ``name_<language>`` columns) and the catalogue (type and audience),
after every ``migrate`` and whenever a priority area, subject or sector is saved; the practices
carrying a changed label are indexed again (PostgreSQL: their vectors at once; SQLite: marked
for the next search to index).
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import translation

from knowledge.languages import SEARCH_CONFIGURATIONS
from knowledge.models import Audience, PracticeType
from knowledge.search.text import tokens
from taxonomy.models import Iso26000Subject, Sector, Theme

LANGUAGES = tuple(SEARCH_CONFIGURATIONS)
TABLE = "knowledge_facetlabel"

Labels = dict[tuple[str, str], str]  # (facet key, language) → label


def wanted(using: str = DEFAULT_DB_ALIAS) -> Labels:
    """Every facet value's label in each language."""
    found: Labels = {}
    for language in LANGUAGES:
        with translation.override(language):
            for value, label in PracticeType.choices:
                found[(f"type:{value}", language)] = str(label)
            for value, label in Audience.choices:
                found[(f"audience:{value}", language)] = str(label)
    names = [f"name_{language}" for language in LANGUAGES]
    vocabularies = [
        ("theme", Theme, "slug", ""),
        ("iso26000", Iso26000Subject, "slug", "ISO 26000 "),
        ("sector", Sector, "code", ""),
    ]
    for facet, model, key, prefix in vocabularies:
        for value, *translated in model.objects.using(using).values_list(key, *names):
            for language, name in zip(LANGUAGES, translated, strict=True):
                if name:
                    code = f"{value} " if facet == "sector" else ""
                    found[(f"{facet}:{value}", language)] = f"{prefix}{code}{name}"
    return found


def stored(using: str = DEFAULT_DB_ALIAS) -> Labels | None:
    """The labels the engines index now; None before the migration that holds them."""
    connection = connections[using]
    if TABLE not in connection.introspection.table_names():
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, language, label FROM {TABLE}")  # noqa: S608 — a constant
        return {(key, language): label for key, language, label in cursor.fetchall()}


def sync(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Store the labels that changed and index again the practices carrying them; returns the
    changed facet keys."""
    current = stored(using)
    if current is None:
        return []
    labels = wanted(using)
    changed = sorted(
        {key for key, language in labels.keys() | current.keys()
         if labels.get((key, language)) != current.get((key, language))}
    )  # fmt: skip
    if not changed:
        return []
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for start in range(0, len(changed), 500):
            chunk = changed[start : start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {TABLE} WHERE key IN ({marks})", chunk)  # noqa: S608
        cursor.executemany(
            f"INSERT INTO {TABLE} (key, language, label) VALUES (%s, %s, %s)",  # noqa: S608
            [(k, lang, label) for (k, lang), label in sorted(labels.items()) if k in changed],
        )
        if connection.vendor == "postgresql":
            cursor.execute(
                """UPDATE knowledge_practice SET search_vector = knowledge_practice_vector_of(
                     language, title, summary, body, facet_keys)
                   WHERE facet_keys && %s::text[]""",
                [changed],
            )
            add_words(cursor, sorted({w for text in labels.values() for w in tokens(text)}))
        else:
            # SQLite: labels change seldom; the next search indexes every practice again.
            cursor.execute(
                "INSERT OR IGNORE INTO knowledge_fts_dirty (practice_id) "
                "SELECT id FROM knowledge_practice"
            )
    return changed


def add_words(cursor, words: list[str]) -> None:
    """PostgreSQL: add words to the "did you mean" vocabulary (unaccented, as it holds them)."""
    cursor.execute(
        """INSERT INTO knowledge_searchword (word)
           SELECT DISTINCT w FROM unnest(tsvector_to_array(to_tsvector(
             'knowledge_simple'::regconfig, array_to_string(%s::text[], ' ')))) AS w
           WHERE length(w) BETWEEN 3 AND 40
           ON CONFLICT (word) DO NOTHING""",
        [words],
    )
