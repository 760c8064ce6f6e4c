"""Keeping what the engines read current, from signals (connected in ``KnowledgeConfig.ready``):
the facet labels after ``migrate`` and when a priority area, subject or sector is saved, and
the synonyms' words in PostgreSQL's "did you mean" vocabulary."""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction

import pagecache
from knowledge.models import SearchSynonyms
from knowledge.search import labels
from knowledge.search.text import tokens


def after_migrate(using: str = DEFAULT_DB_ALIAS, **_kwargs: Any) -> None:
    labels.sync(using)
    add_synonym_words(using)


def add_vocabulary_extras(using: str = DEFAULT_DB_ALIAS) -> None:
    """PostgreSQL: the labels' and synonyms' words join the "did you mean" vocabulary (after
    ``search_vocabulary_rebuild`` recounted it from the practices)."""
    connection = connections[using]
    stored = labels.stored(using)
    if connection.vendor != "postgresql" or stored is None:
        return
    with connection.cursor() as cursor:
        labels.add_words(cursor, sorted({w for text in stored.values() for w in tokens(text)}))
    add_synonym_words(using)


def taxonomy_saved(using: str = DEFAULT_DB_ALIAS, **_kwargs: Any) -> None:
    # In the same transaction as the change: the label and the vectors change together.
    labels.sync(using)


def synonyms_saved(using: str = DEFAULT_DB_ALIAS, **_kwargs: Any) -> None:
    pagecache.changed("knowledge")
    transaction.on_commit(lambda: add_synonym_words(using), using=using)


def add_synonym_words(using: str = DEFAULT_DB_ALIAS) -> None:
    """PostgreSQL: the synonyms' words join the "did you mean" vocabulary (SQLite reads them
    from the synonyms directly)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    if SearchSynonyms._meta.db_table not in connection.introspection.table_names():
        return
    words = sorted(
        {
            w
            for s in SearchSynonyms.objects.using(using).filter(is_active=True)
            for term in s.term_list()
            for w in tokens(term)
        }
    )
    with connection.cursor() as cursor:
        labels.add_words(cursor, words)
