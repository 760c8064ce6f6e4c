"""The time zones people pick from: IANA's ``zone.tab`` ("intended as an aid for users, to help
them select timezones"), one name per country and area, with no deprecated aliases such as
``US/Eastern``, ``Asia/Calcutta`` or ``Europe/Kiev``.

The files come from the ``tzdata`` package (pinned in requirements, so every machine and the
Docker image read the same version), or else from the system's zoneinfo directories. Names
stored before the picker was trimmed are aliases; ``canonical()`` maps them to the zone they
link to (the ``L`` lines of ``tzdata.zi``), so they still show and validate.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from taxonomy.choices import Country

# Beside the portal's countries, the zones members outside Europe most often meet from.
WORLD_ZONES = (
    "UTC",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Africa/Johannesburg",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Shanghai",
    "Asia/Tokyo",
    "Australia/Sydney",
)
# A link whose target users know under another name.
_PREFERRED = {"Etc/UTC": "UTC"}


def _read(name: str) -> str | None:
    """``name`` from the tzdata package, or else from the first system directory holding it."""
    try:
        return (resources.files("tzdata") / "zoneinfo" / name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        pass
    for directory in zoneinfo.TZPATH:
        path = Path(directory) / name
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return None


def _rows(text: str) -> Iterator[list[str]]:
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split()


@dataclass(frozen=True)
class Zones:
    common: tuple[str, ...]
    other: tuple[str, ...]
    links: dict[str, str]

    @property
    def names(self) -> frozenset[str]:
        return frozenset(self.common + self.other)


@cache
def zones() -> Zones:
    available = _available()
    table = _read("zone.tab")
    if table is None:  # no table anywhere: the names zoneinfo knows, as before
        by_country = [("", name) for name in available if "/" in name and "Etc/" not in name]
    else:
        by_country = [(row[0], row[2]) for row in _rows(table) if row[2] in available]
    ours = {country.value for country in Country}
    common = {name for code, name in by_country if code in ours}
    common |= {name for name in WORLD_ZONES if name in available}
    other = {name for _code, name in by_country} - common
    links: dict[str, str] = {}
    for row in _rows(_read("tzdata.zi") or ""):
        if row[0] == "L" and len(row) == 3:
            links[row[2]] = _PREFERRED.get(row[1], row[1])
    return Zones(common=tuple(sorted(common)), other=tuple(sorted(other)), links=links)


def canonical(name: str) -> str:
    """The name the picker offers for ``name``: itself when offered, else the zone it links to
    when that one is offered, else ``name`` unchanged."""
    known = zones()
    seen = name
    for _hop in range(4):  # links point at zones, but follow a short chain all the same
        if seen in known.names:
            return seen
        seen = known.links.get(seen, _PREFERRED.get(seen, seen))
    return name


@cache
def _available() -> frozenset[str]:
    # available_timezones() walks the zoneinfo directories on every call.
    return frozenset(zoneinfo.available_timezones())


def is_zone(name: str) -> bool:
    return name in _available()
