"""The version of the code a process runs: what the shared cache's pickled values and rendered
pages are stamped with (``settings.CODE_VERSION``), so one version never reads another's.

After a deploy, and during a rolling one while both versions serve from the same Redis, a value
kept by the old code (a dataclass of a page's parts, say) would be unpickled by the new code
without the attributes the new code reads, and the page would fail until the entry expired.
``CODE_VERSION`` from the environment (a version or commit) names it; without it, a digest
of the portal's code, templates, catalogues and requirements, which is the same on every host
that runs the same code (a start-up cost of some 15 ms, paid once in gunicorn's master).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

# Not part of what runs: tools, tests, documents, local data, static files (served under
# content-hashed names of their own).
SKIPPED = {"bench", "docs", "node_modules", "scripts", "static", "tests", "var"}
SUFFIXES = {".py", ".html", ".txt", ".mo", ".in"}


def code_digest(root: Path) -> str:
    """Twelve hex digits that change whenever the code that serves pages changes."""
    digest = hashlib.sha256()
    for top in sorted(root.iterdir()):
        if not top.is_dir() or top.name in SKIPPED or top.name.startswith("."):
            continue
        for path in sorted(top.rglob("*")):
            if path.suffix in SUFFIXES and path.is_file():
                digest.update(path.relative_to(root).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
