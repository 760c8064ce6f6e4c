"""The import contract (``[tool.importlinter]`` in pyproject.toml) holds, and it says what the
table in docs/architecture.md says: each package's "may import" column is the set of packages
in the layers below it, less its independent siblings."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Top-level folders that hold Python but are no part of the site: they may import anything.
NOT_CHECKED = {"tests", "bench", "scripts"}


def _importlinter() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


def _layers() -> list[tuple[set[str], bool]]:
    """The layers contract, top first: each layer's packages and whether they are independent."""
    (contract,) = [c for c in _importlinter()["contracts"] if c["type"] == "layers"]
    layers = []
    for layer in contract["layers"]:
        independent = ":" not in layer
        layers.append(({p.strip() for p in re.split(r"[|:]", layer)}, independent))
    return layers


def _allowed_by_contract() -> dict[str, set[str]]:
    layers = _layers()
    allowed = {}
    for index, (packages, independent) in enumerate(layers):
        below = set().union(*(layer for layer, _ in layers[index + 1 :]))
        for package in packages:
            allowed[package] = below | (set() if independent else packages - {package})
    return allowed


def _table() -> dict[str, set[str] | None]:
    """Each package of the table with what it may import (None for "everything"): the names
    in backticks of its "may import" cell, so words there that name no package go without."""
    text = (ROOT / "docs" / "architecture.md").read_text()
    section = text.split("## Packages and the direction of imports", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in rows[0].strip("|").split("|")]
    package_column, may_import_column = header.index("package"), header.index("may import")
    table: dict[str, set[str] | None] = {}
    for row in rows[2:]:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        may_import = cells[may_import_column]
        allowed = (
            None
            if may_import.startswith("everything")
            else {name.rstrip("/") for name in re.findall(r"`([^`]+)`", may_import)}
        )
        for package in re.findall(r"`([^`]+)`", cells[package_column]):
            table[package.rstrip("/")] = allowed
    return table


def test_every_package_of_the_site_is_in_the_contract_and_the_table():
    on_disk = {
        path.parent.name
        for path in ROOT.glob("*/__init__.py")
        if path.parent.name not in NOT_CHECKED
    }

    assert set(_importlinter()["root_packages"]) == on_disk
    assert set(_allowed_by_contract()) == on_disk
    assert set(_table()) == on_disk


def test_the_table_says_what_the_contract_says():
    contract = _allowed_by_contract()
    differ = {}
    for package, allowed in _table().items():
        if allowed is None:
            allowed = set(contract) - {package}
        if allowed != contract[package]:
            differ[package] = {"table": sorted(allowed), "contract": sorted(contract[package])}

    assert differ == {}


def test_the_code_keeps_the_contract():
    result = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache", "--no-logo"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
