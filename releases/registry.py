"""Domain apps register here, in ``AppConfig.ready``, what they publish; this app imports none
of them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Producer:
    """``scopes()`` names what is published now (one framework's dashboard each, say);
    ``compute(scope=, epsilon=, now=)`` returns the noisy figures of one scope, as JSON."""

    name: str
    scopes: Callable[[], Iterable[str]]
    compute: Callable[..., dict[str, Any]]


_producers: dict[str, Producer] = {}


def register(
    name: str,
    *,
    compute: Callable[..., dict[str, Any]],
    scopes: Callable[[], Iterable[str]] | None = None,
) -> None:
    _producers[name] = Producer(name=name, scopes=scopes or (lambda: [name]), compute=compute)


def producers() -> list[Producer]:
    return list(_producers.values())
