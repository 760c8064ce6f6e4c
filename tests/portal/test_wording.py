"""Messages never build a possessive from a name: "GreenBolt Fasteners's" reads badly, and the
other languages build theirs differently anyway."""

import re
from pathlib import Path

from django.conf import settings

# A placeholder followed by 's: ``%(name)s's``, ``{name}'s``, ``{{ name }}'s``.
POSSESSIVE = re.compile(r"(%\(\w+\)s|\{\w+\}|\{\{[^}]*\}\})['’]s\b")
SKIP = {".venv", "node_modules", "locale", "tests", "static", ".git"}


def _sources():
    root = Path(settings.BASE_DIR)
    for path in root.rglob("*"):
        if path.suffix in {".py", ".html", ".txt"} and not SKIP & set(path.relative_to(root).parts):
            yield root, path


def test_no_possessive_is_built_from_a_placeholder():
    found = [
        f"{path.relative_to(root)}:{number}"
        for root, path in _sources()
        for number, line in enumerate(path.read_text(errors="ignore").splitlines(), 1)
        if POSSESSIVE.search(line)
    ]
    assert found == []
