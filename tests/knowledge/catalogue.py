"""The knowledge centre's URL patterns for the site-wide tests (see tests/catalogue.py).

Practices, collections and attachments name no organisation and belong to no side: both sides
request the same objects.
"""

from __future__ import annotations

from typing import Any

# Interim: values that do not exist, so these pages answer 404 (kept from the knowledge
# branch until the catalogue makes real objects).
_MISSING = {
    "knowledge:practice": "no-such-practice",
    "knowledge:attachment": "no-such-file",
    "knowledge:collection": "no-such-collection",
    "knowledge:saved_delete": "no-such-token",
    "knowledge_api:practice": "no-such-practice",
    "knowledge_api:collection": "no-such-collection",
}


def build(world: Any) -> None:
    world.extra["knowledge"] = {}


def kwargs(name: str, params: tuple[str, ...], side_name: str, world: Any) -> list[dict] | None:
    if name == "knowledge:theme_feed":
        return [{"slug": world.theme.slug}]
    if name in _MISSING:
        return [{params[0]: _MISSING[name]}]
    return None
