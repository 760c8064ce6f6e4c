"""Places where other apps take part in what accounts does, without accounts importing them.

Apps register in ``AppConfig.ready``:
- ``register_personal_data``: what the app holds about a person, as one entry of the GDPR
  registry: the models it covers (each with what erasure does to it), a function giving the
  app's section of the download, and functions run, inside the erasure's transaction, before
  a person or an organisation is deleted. ``tests/security/test_gdpr_registry.py`` fails for a
  model that points at a person or an organisation and is in no entry;
- ``register_not_personal``: a model that points at a person or organisation but holds nothing
  to export or erase, with the reason;
- ``organisation_deleting``: a function called, inside the transaction, just before an
  organisation is deleted (for example to turn its declaration into anonymous counts);
- ``register_organisation_shown_in``: the page cache areas whose public pages show an
  organisation's details (its name on a published profile or a public pledge), renewed when
  those details change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

organisation_deleting: list[Callable[[Any], None]] = []
organisation_shown_in: set[str] = set()


@dataclass(frozen=True)
class PersonalData:
    """One app's part of the GDPR rights.

    ``covers`` maps model labels (``app_label.ModelName``, historical models included) to what
    erasure does with their rows: it is the record the completeness test reads, so say it
    plainly ("deleted with the account", "author set to null", ...). ``export`` gives the
    app's section of the download (None when the app has nothing to show a person);
    ``person_erasing`` and ``organisation_erasing`` run before the row is deleted, inside its
    transaction, for what Django's ``on_delete`` does not do by itself. ``mentions`` names the
    models whose free text others wrote may name a person or an organisation (mail, comments,
    minutes): erasure replaces the name and addresses there, in every row.
    """

    section: str
    covers: Mapping[str, str]
    mentions: Sequence[str] = ()
    export: Callable[[Any], Any] | None = None
    person_erasing: Callable[[Any], None] | None = None
    organisation_erasing: Callable[[Any], None] | None = None


personal_data: dict[str, PersonalData] = {}
not_personal: dict[str, str] = {}


def register_personal_data(entry: PersonalData) -> None:
    personal_data[entry.section] = entry


def register_not_personal(label: str, why: str) -> None:
    not_personal[label] = why


def register_organisation_deleting(callback: Callable[[Any], None]) -> None:
    if callback not in organisation_deleting:
        organisation_deleting.append(callback)


def register_organisation_shown_in(*areas: str) -> None:
    organisation_shown_in.update(areas)


def covered_models() -> dict[str, str]:
    """Every model label some entry covers, with what erasure does to it."""
    return {label: rule for entry in personal_data.values() for label, rule in entry.covers.items()}
