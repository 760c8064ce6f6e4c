"""Demo content for the knowledge centre: the practices in demo_data.py, imported through the
same importer as any file, and two collections. Safe to run again."""

from __future__ import annotations

import json

from django.db import transaction

from knowledge import services
from knowledge.demo_data import COLLECTIONS, PRACTICES
from knowledge.models import Collection, CollectionItem, Practice


def demo_lines() -> list[str]:
    return [json.dumps(record, ensure_ascii=False) for record in PRACTICES]


@transaction.atomic
def seed() -> None:
    services.practices_import(lines=demo_lines())
    for slug, title, description, ids in COLLECTIONS:
        collection, _ = Collection.objects.update_or_create(
            slug=slug,
            defaults={"title": title, "description": description, "is_published": True},
        )
        by_source = {p.source_id: p for p in Practice.objects.filter(source_id__in=ids)}
        for position, source_id in enumerate(ids):
            CollectionItem.objects.update_or_create(
                collection=collection,
                practice=by_source[source_id],
                defaults={"position": position},
            )
