"""Places where other apps take part in what accounts does, without accounts importing them.

Apps register in ``AppConfig.ready``:
- ``personal_data``: a function of a user returning a JSON-ready dict of what the app holds
  about that person, for the GDPR download;
- ``organisation_deleting``: a function called, inside the transaction, just before an
  organisation is deleted (for example to turn its declaration into anonymous counts).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

personal_data: dict[str, Callable[[Any], dict[str, Any] | list[Any]]] = {}
organisation_deleting: list[Callable[[Any], None]] = []


def register_personal_data(section: str, provider: Callable[[Any], Any]) -> None:
    personal_data[section] = provider


def register_organisation_deleting(callback: Callable[[Any], None]) -> None:
    if callback not in organisation_deleting:
        organisation_deleting.append(callback)
