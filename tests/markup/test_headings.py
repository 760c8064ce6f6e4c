"""The site's one Markdown policy for headings: a text's headings are fitted under the heading it
is shown below, so the page keeps one h1 and an outline without skipped levels."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import Context, Template

import markup
from markup import render_markdown, render_markdown_cached

_MARKDOWN_IMPORT = re.compile(r"^\s*(import|from) (markdown|nh3)\b", re.MULTILINE)


def levels(html: str) -> list[tuple[int, str]]:
    return [(int(n), text) for n, text in re.findall(r"<h([1-6])>(.*?)</h\1>", str(html))]


def test_a_second_level_heading_is_a_heading():
    # Minutes once lost "## Present": the forum's own filter allowed only h3 and h4.
    assert levels(render_markdown("## Present\n\nAlice, Bob")) == [(2, "Present")]


def test_the_highest_heading_of_the_text_sits_at_top():
    text = "# Meeting\n\n## Present\n\n### Apologies\n\n## Decisions"
    assert levels(render_markdown(text)) == [
        (2, "Meeting"),
        (3, "Present"),
        (4, "Apologies"),
        (3, "Decisions"),
    ]
    assert levels(render_markdown(text, top=3)) == [
        (3, "Meeting"),
        (4, "Present"),
        (5, "Apologies"),
        (4, "Decisions"),
    ]
    assert levels(render_markdown("### Only third", top=3)) == [(3, "Only third")]


def test_there_is_never_an_h1_nor_a_skipped_level_nor_past_h6():
    assert levels(render_markdown("#### Deep start\n\n## Higher")) == [
        (2, "Deep start"),
        (2, "Higher"),
    ]
    assert levels(render_markdown("## A\n\n#### Skips one\n\n###### Skips more")) == [
        (2, "A"),
        (3, "Skips one"),
        (4, "Skips more"),
    ]
    assert levels(render_markdown("# A\n\n## B\n\n### C", top=5)) == [(5, "A"), (6, "B"), (6, "C")]
    assert levels(render_markdown("<h1>Raw</h1>\n\n<h3>Raw too</h3>")) == [
        (2, "Raw"),
        (3, "Raw too"),
    ]


def test_text_that_looks_like_a_tag_is_left_alone():
    html = str(render_markdown("Write `<h2>` for a heading, or &lt;h1&gt;.\n\n# Real"))
    assert "&lt;h2&gt;" in html and "&lt;h1&gt;" in html
    assert levels(html) == [(2, "Real")]


def test_top_is_a_level_under_the_page_title():
    for top in (1, 7):
        with pytest.raises(ValueError):
            render_markdown("# A", top=top)


def test_the_template_filter_takes_the_level():
    rendered = Template("{% load markup %}{{ text|markdown }}|{{ text|markdown:3 }}").render(
        Context({"text": "## Present"})
    )
    assert rendered == "<h2>Present</h2>|<h3>Present</h3>"


def test_the_cache_keeps_each_level_apart():
    text = "## Present, cached"
    assert levels(render_markdown_cached(text)) == [(2, "Present, cached")]
    assert levels(render_markdown_cached(text, top=4)) == [(4, "Present, cached")]


def test_only_markup_renders_markdown():
    # One policy: no other package keeps a Markdown filter or calls the library itself.
    root = Path(markup.__file__).resolve().parents[1]
    packages = [p.parent for p in root.glob("*/__init__.py") if p.parent.name != "markup"]
    assert {"forum", "alliance", "knowledge"} <= {p.name for p in packages}
    own = [
        path
        for package in packages
        for path in package.rglob("*.py")
        if _MARKDOWN_IMPORT.search(path.read_text())
    ]
    assert own == []
