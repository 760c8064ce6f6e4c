"""Email topics a person can unsubscribe from. Apps register theirs in ``AppConfig.ready``.

A topic is on for a new account only when its emails follow from what the person does
(``on_at_first``): their own registrations and reminders, answers to them, what they chose to
follow. Every other topic starts off, and is turned on with a consent record
(docs/email.md#what-is-on-at-first).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Topic:
    key: str
    label: str | Promise
    on_at_first: bool
    # What the welcome email adds about the topic (how often it comes), and the URL name of
    # the page where that is changed.
    note: str | Promise = ""
    changed_at: str = ""


_TOPICS: dict[str, Topic] = {}


def register(
    topic: str,
    label: str | Promise,
    *,
    on_at_first: bool = False,
    note: str | Promise = "",
    changed_at: str = "",
) -> None:
    _TOPICS[topic] = Topic(topic, label, on_at_first, note, changed_at)


def label(topic: str) -> str | Promise:
    found = _TOPICS.get(topic)
    return found.label if found else topic


def all_topics() -> dict[str, str | Promise]:
    return {key: topic.label for key, topic in _TOPICS.items()}


def registered() -> list[Topic]:
    """Every topic, by key."""
    return [_TOPICS[key] for key in sorted(_TOPICS)]


def off_at_first() -> list[str]:
    """The topics a new account does not receive until the person turns them on."""
    return [topic.key for topic in registered() if not topic.on_at_first]
