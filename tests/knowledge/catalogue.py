"""The knowledge centre's part of the site-wide catalogue (tests/catalogue.py).

Practices, collections and their attachments name no organisation and belong to no side, so
both sides request the same shared objects, made through the app's services:

- a published practice, imported as curators import them, with a theme, an ISO 26000 subject
  and a sector, a PDF attachment, and in a published collection;
- a second published practice past its review-by date, for the review queue's admin.

Each side's administrator (canary and control, in the same shape) has, through the services:

- a submission waiting in the review queue, with a PDF attachment, whose title names the
  organisation: only staff may preview it, so it checks that the practice, attachment and API
  pages do not show an unpublished suggestion (and its organisation) to anyone else;
- a saved search, also named after the organisation, shown to its owner only; its token is
  the one knowledge:saved_delete gets.

The admin URLs of knowledge's models get the shared objects, and for what relates to a person
the side's own: its submission (a practice too) and its saved search. Attachment files are
written to the default storage and deleted when the world goes away.
"""

from __future__ import annotations

import json
import weakref
from datetime import timedelta
from typing import Any

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from knowledge import services
from knowledge.models import Collection, CollectionItem, Frequency, Practice, SearchSynonyms
from tests.knowledge.conftest import make_practice

APP = "knowledge"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SHARED_SOURCE_ID = "zqx-catalogue-practice"
COLLECTION_SLUG = "zqx-catalogue-collection"


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _shared() -> dict[str, Any]:
    record = {
        "id": SHARED_SOURCE_ID,
        "title": "Catalogue guide to eco-efficiency",
        "summary": "A published guide the site-wide tests request.",
        "body": "Some **Markdown**, and a [link](https://example.org/guide).",
        "type": "guide",
        "themes": ["eco-efficiency"],
        "iso26000": ["environment"],
        "audience": ["sme"],
        "sectors": ["C"],
        "countries": [],
        "language": "en",
        "year": 2024,
        "publisher": "Catalogue publisher",
        "url": "https://example.org/guide",
        "status": "published",
    }
    services.practices_import(lines=[json.dumps(record)])
    practice = Practice.objects.get(source_id=SHARED_SOURCE_ID)
    attachment = services.attachment_add(practice=practice, upload=_pdf("guide.pdf"))
    collection = Collection.objects.create(
        slug=COLLECTION_SLUG,
        title="Catalogue collection",
        description="The catalogue's practice, curated.",
        is_published=True,
    )
    CollectionItem.objects.create(collection=collection, practice=practice, position=1)
    overdue = make_practice(
        title="Catalogue practice past its review-by date",
        review_by=timezone.localdate() - timedelta(days=30),
    )
    synonyms = SearchSynonyms.objects.create(language="en", terms="catalogue\nregister")
    return {
        "practice": practice,
        "attachment": attachment,
        "collection": collection,
        "overdue": overdue,
        "synonyms": synonyms,
    }


def _side(side: Any) -> dict[str, Any]:
    organisation, admin = side.organisation, side.admin
    submission = services.submission_create(
        user=admin,
        data={
            "title": f"How {organisation.name} saves energy",
            "summary": f"A suggestion by {organisation.name}, waiting for review.",
            "body": "What we did, step by step.",
            "type": "good-practice",
            "language": "en",
            "year": 2025,
            "publisher": organisation.name,
            "url": "https://example.org/suggestion",
            "audience": ["sme"],
            "countries": [],
            "themes": [],
        },
        upload=_pdf("suggestion.pdf"),
    )
    saved = services.saved_search_create(
        user=admin,
        name=f"Energy for {organisation.name}",
        query="q=energy&theme=eco-efficiency",
        frequency=Frequency.WEEKLY,
    )
    return {
        "submission": submission,
        "submission_attachment": submission.attachments.get(),
        "saved_search": saved,
    }


def build(world: Any) -> None:
    made: dict[str, Any] = {"shared": _shared()}
    for side in (world.canary, world.control):
        made[world.side_name(side)] = _side(side)
    world.extra[APP] = made
    stored = [made["shared"]["attachment"].file.name] + [
        made[name]["submission_attachment"].file.name for name in ("canary", "control")
    ]
    weakref.finalize(world, _delete_files, stored)


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def _latest_version(obj: Any) -> int:
    return obj.history.order_by("-history_date", "-history_id").first().history_id


def _admin_kwargs(
    short: str, params: tuple[str, ...], shared: dict[str, Any], own: dict[str, Any]
) -> list[dict] | None:
    objects = {
        # A submission is a practice too: the practice admin shows it with its submitter.
        "practice": [shared["practice"], own["submission"]],
        "submission": [own["submission"]],
        "practicedueforreview": [shared["overdue"]],
        "collection": [shared["collection"]],
        "savedsearch": [own["saved_search"]],
        "searchsynonyms": [shared["synonyms"]],
    }
    for model_name, found in objects.items():
        if short.startswith(f"{APP}_{model_name}_"):
            if "version_id" in params:
                return [{"object_id": o.pk, "version_id": _latest_version(o)} for o in found]
            return [{"object_id": o.pk} for o in found]
    return None


def kwargs(name: str, params: tuple[str, ...], side_name: str, world: Any) -> list[dict] | None:
    made = world.extra[APP]
    shared, own = made["shared"], made[side_name]
    if name.startswith(f"admin:{APP}_"):
        found = _admin_kwargs(name.split(":", 1)[1], params, shared, own)
        if found is None:
            raise AssertionError(f"tests/knowledge/catalogue.py has no entry for {name} {params}")
        return found
    if name == "knowledge:theme_feed":
        return [{"slug": world.theme.slug}]
    if name in ("knowledge:practice", "knowledge_api:practice"):
        # The unpublished submission answers 404 but to staff (and in the API to everyone).
        return [{"slug": shared["practice"].slug}, {"slug": own["submission"].slug}]
    if name == "knowledge:attachment":
        return [{"uid": shared["attachment"].uid}, {"uid": own["submission_attachment"].uid}]
    if name in ("knowledge:collection", "knowledge_api:collection"):
        return [{"slug": shared["collection"].slug}]
    if name == "knowledge:saved_delete":
        return [{"token": own["saved_search"].token}]
    if name.startswith(("knowledge:", "knowledge_api:")):
        raise AssertionError(f"tests/knowledge/catalogue.py has no entry for {name} {params}")
    return None
