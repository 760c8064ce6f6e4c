"""Fixtures for the knowledge centre: the demo corpus and a small practice factory."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.utils import timezone

from knowledge import demo
from knowledge.models import Collection, Practice, Status
from taxonomy.models import Theme
from tests.knowledge import engines  # noqa: F401 — routes the sqlite database's migrations

_counter = itertools.count(1)


def make_practice(
    *,
    themes: list[str] | None = None,
    status: str = Status.PUBLISHED,
    **fields: Any,
) -> Practice:
    number = next(_counter)
    values = {
        "title": f"Practice number {number}",
        "summary": f"A summary of practice {number} about responsible business.",
        "body": "Some **Markdown** body.",
        "type": "guide",
        "language": "en",
        "status": status,
        "published_at": timezone.now() if status == Status.PUBLISHED else None,
    }
    values.update(fields)
    practice = Practice.objects.create(**values)
    if themes:
        practice.themes.set(Theme.objects.filter(slug__in=themes))
    return practice


@pytest.fixture
def corpus(db) -> dict[str, Practice]:
    """The demo practices and collections, keyed by source id."""
    demo.seed()
    return {p.source_id: p for p in Practice.objects.all()}


@pytest.fixture
def collection(db) -> Collection:
    return Collection.objects.create(slug="starter", title="Starter kit", is_published=True)
