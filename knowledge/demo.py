"""Demo content for the knowledge centre: the practices in demo_data.py, imported through the
same importer as any file, two collections, and the instruments the practices promise as real
files (demo_files.py). Safe to run again."""

from __future__ import annotations

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from knowledge import services
from knowledge.demo_data import COLLECTIONS, PRACTICES
from knowledge.demo_files import FILES, file_bytes
from knowledge.models import Collection, CollectionItem, Practice

WITHDRAWN, SUCCESSOR = "demo-archived-01", "demo-en-02"


def demo_lines() -> list[str]:
    return [json.dumps(record, ensure_ascii=False) for record in PRACTICES]


@transaction.atomic
def seed(*, files: bool = True) -> None:
    services.practices_import(lines=demo_lines())
    # The withdrawn template's page points to the guide that replaced it.
    Practice.objects.filter(source_id=WITHDRAWN, successor__isnull=True).update(
        successor=Practice.objects.get(source_id=SUCCESSOR)
    )
    if files:
        seed_files()
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


def seed_files() -> None:
    """Attach each instrument to its practice once (by title)."""
    practices = Practice.objects.in_bulk([spec.source_id for spec in FILES], field_name="source_id")
    for spec in FILES:
        practice = practices[spec.source_id]
        if practice.attachments.filter(title=spec.title).exists():
            continue
        data = file_bytes(spec, title=practice.title, summary=practice.summary)
        services.attachment_add(
            practice=practice,
            upload=SimpleUploadedFile(spec.name, data),
            title=spec.title,
            language=spec.language,
        )
