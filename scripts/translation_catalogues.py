"""The catalogue half of ``scripts/check_translations.py``: reads the PO files and says what
is untranslated, fuzzy, missing or no longer in the code.

``locale/<lang>/LC_MESSAGES/django.po`` must have no untranslated or fuzzy entry, and must hold
exactly the strings ``makemessages`` finds today (it is run into a temporary copy, so a string
marked yesterday and not yet translated fails too).
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("nl", "fr", "de")
MAKEMESSAGES_IGNORE = (".venv", "node_modules", "tests", "bench", "var", "static")
# What the temporary copy for makemessages leaves out.
COPY_IGNORE = {".venv", "node_modules", "tests", "bench", "var", "static", ".git", "__pycache__"}
COPY_IGNORE |= {".ruff_cache", ".pytest_cache", "test-results"}


@dataclass
class Entry:
    msgid: str
    msgctxt: str | None
    msgstr: list[str]
    fuzzy: bool
    obsolete: bool
    plural: bool

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


def parse_po(text: str) -> list[Entry]:
    """The entries of a PO file (the header left out); entries are separated by blank lines,
    as gettext's tools write them."""
    entries: list[Entry] = []
    for block in re.split(r"\n\s*\n", text):
        fields: dict[str, str] = {}
        flags: set[str] = set()
        obsolete = False
        current: str | None = None
        for raw in block.splitlines():
            line = raw.strip()
            if line.startswith("#~"):
                obsolete = True
                line = line[2:].strip()
            elif line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",")}
                continue
            elif line.startswith("#") or not line:
                continue
            if line.startswith('"'):
                if current is not None:
                    fields[current] += ast.literal_eval(line)
                continue
            keyword, _, rest = line.partition(" ")
            current = keyword
            fields[keyword] = ast.literal_eval(rest)
        if fields.get("msgid"):
            entries.append(
                Entry(
                    msgid=fields["msgid"],
                    msgctxt=fields.get("msgctxt"),
                    msgstr=[v for k, v in sorted(fields.items()) if k.startswith("msgstr")],
                    fuzzy="fuzzy" in flags,
                    obsolete=obsolete,
                    plural="msgid_plural" in fields,
                )
            )
    return entries


def _describe(msgids: Iterable[str], limit: int = 5) -> str:
    msgids = list(msgids)
    shown = "; ".join(repr(msgid[:60]) for msgid in msgids[:limit])
    more = f" … and {len(msgids) - limit} more" if len(msgids) > limit else ""
    return f"{shown}{more}"


def catalogue_problems(entries: list[Entry], language: str, current: set | None) -> list[str]:
    """What is wrong with one language's catalogue; ``current`` holds the keys makemessages
    finds in the code today (None to skip the staleness check)."""
    active = [e for e in entries if not e.obsolete]
    untranslated = [e for e in active if not e.fuzzy and not all(s.strip() for s in e.msgstr)]
    found = [
        ("untranslated entries", [e.msgid for e in untranslated]),
        ("fuzzy entries", [e.msgid for e in active if e.fuzzy]),
    ]
    if current is not None:
        have = {e.key for e in active}
        found += [
            (
                "strings in the code are missing from the catalogue (run makemessages)",
                [key[1] for key in sorted(current - have, key=str)],
            ),
            (
                "entries are no longer in the code (run makemessages)",
                [e.msgid for e in active if e.key not in current],
            ),
        ]
    return [
        f"{language}: {len(msgids)} {what}, e.g. {_describe(msgids)}"
        for what, msgids in found
        if msgids
    ]


def current_msgids(root: Path = ROOT) -> dict[str, set]:
    """The keys makemessages finds today, per language, from a temporary copy of the code."""
    with tempfile.TemporaryDirectory(prefix="portal-i18n-") as temp:
        copy = Path(temp) / "src"
        shutil.copytree(
            root,
            copy,
            ignore=lambda _dir, names: [n for n in names if n in COPY_IGNORE or n.endswith(".mo")],
            symlinks=True,
        )
        command = [sys.executable, "manage.py", "makemessages", "--verbosity=0"]
        command += [f"-l{language}" for language in LANGUAGES]
        command += ["--add-location=file"] + [f"--ignore={d}" for d in MAKEMESSAGES_IGNORE]
        env = {**os.environ, "VAR_DIR": str(Path(temp) / "var")}
        subprocess.run(command, cwd=copy, check=True, env=env)  # noqa: S603
        found = {}
        for language in LANGUAGES:
            po = copy / "locale" / language / "LC_MESSAGES" / "django.po"
            found[language] = {e.key for e in parse_po(po.read_text()) if not e.obsolete}
        return found


def check_catalogues(root: Path = ROOT, *, stale: bool = True) -> list[str]:
    current = current_msgids(root) if stale else {}
    problems = []
    for language in LANGUAGES:
        po = root / "locale" / language / "LC_MESSAGES" / "django.po"
        if not po.exists():
            problems.append(f"{language}: {po.relative_to(root)} is missing")
            continue
        entries = parse_po(po.read_text(encoding="utf-8"))
        problems += catalogue_problems(entries, language, current.get(language))
    return problems
