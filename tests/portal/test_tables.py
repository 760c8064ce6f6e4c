"""Every table keeps its headers on a phone (issue 16): each ``<table>`` in the templates sits
directly in a sideways-scrolling region named by the table's caption, and no style sheet rule
hides table headers any more."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
STYLESHEETS = Path(__file__).resolve().parents[2] / "static" / "css"

# Django's admin is styled by its own style sheet, never the portal's, and its app list hides
# its header row on purpose, as Django's own template does (each row is headed by a th).
EXEMPT = {"admin/app_list.html"}

WRAPPER = re.compile(
    r'<div class="table-scroll" role="region" tabindex="0" aria-labelledby="(?P<id>[^"]+)">\s*$'
)
# Template tags may stand between the wrapper and the table ({% block list %}).
TRAILING_TAGS = re.compile(r"(\s*\{%[^%]*%\})+\s*$")


def _templates_with_tables() -> list[str]:
    return sorted(
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if "<table" in path.read_text(encoding="utf-8")
    )


def wrapping_problems(source: str) -> list[str]:
    """What is wrong with each table of a template's ``source``; empty when every table sits in
    a focusable region labelled by its own caption."""
    problems = []
    for match in re.finditer(r"<table\b", source):
        before = TRAILING_TAGS.sub("", source[: match.start()])
        wrapper = WRAPPER.search(before)
        line = source.count("\n", 0, match.start()) + 1
        if wrapper is None:
            problems.append(f"line {line}: <table> not directly inside a table-scroll region")
            continue
        end = source.find("</table>", match.start())
        table = source[match.start() : end]
        caption = re.search(r"<caption\b[^>]*>", table)
        if caption is None or f'id="{wrapper["id"]}"' not in caption.group(0):
            problems.append(f"line {line}: the region is not labelled by the table's caption")
        if not source[end + len("</table>") :].lstrip().startswith("</div>"):
            problems.append(f"line {line}: the region does not close right after the table")
    return problems


def test_the_check_sees_a_bare_table_and_a_wrong_label() -> None:
    bare = '<section><table class="table"><caption>A</caption></table></section>'
    assert wrapping_problems(bare) == ["line 1: <table> not directly inside a table-scroll region"]
    mislabelled = (
        '<div class="table-scroll" role="region" tabindex="0" aria-labelledby="x">\n'
        '<table class="table"><caption id="y">A</caption></table>\n</div>'
    )
    assert wrapping_problems(mislabelled) == [
        "line 2: the region is not labelled by the table's caption"
    ]
    good = (
        '{% block list %}<div class="table-scroll" role="region" tabindex="0" '
        'aria-labelledby="{{ e.id }}-caption">\n{% if x %}'
        '<table class="table"><caption id="{{ e.id }}-caption">A</caption></table>\n</div>'
    )
    assert wrapping_problems(good) == []


def test_the_templates_with_tables_are_found() -> None:
    found = _templates_with_tables()
    # The shared list page and the pages with their own tables.
    assert "includes/list_page.html" in found
    assert "forum/meeting_detail.html" in found
    assert len(found) >= 10


@pytest.mark.parametrize("name", [n for n in _templates_with_tables() if n not in EXEMPT])
def test_every_table_scrolls_with_its_headers(name: str) -> None:
    source = (TEMPLATES / name).read_text(encoding="utf-8")
    assert wrapping_problems(source) == []


def test_no_style_sheet_hides_table_headers() -> None:
    # A selector naming thead, th or tr whose rule hides the cells or stacks them as blocks.
    hiding = re.compile(r"(?<![\w-])(thead|th|tr)(?![\w-])[^{}]*\{[^}]*display:\s*(none|block)")
    for sheet in STYLESHEETS.glob("*.css"):
        assert not hiding.search(sheet.read_text(encoding="utf-8")), sheet.name
