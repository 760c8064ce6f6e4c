"""Markdown written by users, rendered to HTML that is safe to show to anyone."""

from __future__ import annotations

import hashlib
import re
from importlib.metadata import version

import markdown
import nh3
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}
MAX_LENGTH = 50_000
# The page's own title is its one h1: a text's headings start at h2 or lower (see _fit_headings).
TOP_LEVELS = range(2, 7)

# Bump when render_markdown's output changes in a way the rules below do not show.
RENDERING = 2
CACHE_SECONDS = 24 * 3600
# Part of every cached rendering's key: new rules or libraries render every text afresh.
_RULES = hashlib.blake2b(
    repr(
        (
            RENDERING,
            sorted(ALLOWED_TAGS),
            sorted((tag, sorted(names)) for tag, names in ALLOWED_ATTRIBUTES.items()),
            MAX_LENGTH,
            version("markdown"),
            version("nh3"),
        )
    ).encode(),
    digest_size=8,
).hexdigest()


_HEADING_TAG = re.compile(r"<(/?)h([1-6])>")


def _fit_headings(html: str, top: int) -> str:
    """The text's headings moved under the heading it is shown below: its highest heading
    becomes ``h{top}``, each level below it one deeper, never more than one level deeper than
    the heading before (a skipped level would break the page's outline) and never past h6.

    ``html`` is nh3's output, where a heading tag carries no attribute, so the pattern meets
    only real headings (``<`` in text is escaped; in an attribute value the digit it changes
    is still text)."""
    levels = [int(level) for closing, level in _HEADING_TAG.findall(html) if not closing]
    if not levels:
        return html
    highest = min(levels)
    previous = top - 1
    current = top

    def fitted(match: re.Match[str]) -> str:
        nonlocal previous, current
        if not match.group(1):
            current = min(top + int(match.group(2)) - highest, previous + 1, 6)
            previous = current
        return f"<{match.group(1)}h{current}>"

    return _HEADING_TAG.sub(fitted, html)


def render_markdown(text: str, *, top: int = 2) -> SafeString:
    """Markdown to HTML; nh3 then keeps only plain formatting and http(s)/mailto links.

    The site's one policy for Markdown written by people. Headings are fitted under the heading
    the text is shown below (``_fit_headings``): ``top`` is 2 for a text right under the page's
    h1, 3 for one inside a section headed h2 (``{{ text|markdown:3 }}`` in a template).
    """
    if top not in TOP_LEVELS:
        raise ValueError(f"top must be 2 to 6, not {top}")
    html = markdown.markdown(
        text[:MAX_LENGTH], extensions=["tables", "sane_lists"], output_format="html"
    )
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS | {"h1"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
    return mark_safe(_fit_headings(cleaned, top))  # noqa: S308 — nh3 has just sanitised it


def render_markdown_cached(text: str, *, top: int = 2) -> SafeString:
    """``render_markdown``, kept in the shared cache under a digest of ``text`` and of the
    rules: the same text always renders the same, so an entry cannot go stale, and a long
    text is rendered once rather than on every view."""
    digest = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
    key = f"markup:{_RULES}:{top}:{digest}"
    html = cache.get(key)
    if html is None:
        html = str(render_markdown(text, top=top))
        cache.set(key, html, CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 — rendered and sanitised by render_markdown
