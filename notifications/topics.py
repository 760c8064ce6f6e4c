"""Email topics a person can unsubscribe from. Apps register theirs in ``AppConfig.ready``."""

from __future__ import annotations

from django.utils.functional import Promise

_TOPICS: dict[str, str | Promise] = {}


def register(topic: str, label: str | Promise) -> None:
    _TOPICS[topic] = label


def label(topic: str) -> str | Promise:
    return _TOPICS.get(topic, topic)


def all_topics() -> dict[str, str | Promise]:
    return dict(_TOPICS)
