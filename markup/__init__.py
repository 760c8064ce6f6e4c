"""Markdown written by users, rendered to HTML that is safe to show to anyone."""

from __future__ import annotations

import hashlib
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

# Bump when render_markdown's output changes in a way the rules below do not show.
RENDERING = 1
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


def render_markdown(text: str) -> SafeString:
    """Markdown to HTML; nh3 then keeps only plain formatting and http(s)/mailto links.

    Headings start at h2 because the page's own title is the h1.
    """
    html = markdown.markdown(
        text[:MAX_LENGTH], extensions=["tables", "sane_lists"], output_format="html"
    )
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
    return mark_safe(cleaned)  # noqa: S308 — nh3 has just sanitised it


def render_markdown_cached(text: str) -> SafeString:
    """``render_markdown``, kept in the shared cache under a digest of ``text`` and of the
    rules: the same text always renders the same, so an entry cannot go stale, and a long
    text is rendered once rather than on every view."""
    digest = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
    key = f"markup:{_RULES}:{digest}"
    html = cache.get(key)
    if html is None:
        html = str(render_markdown(text))
        cache.set(key, html, CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 — rendered and sanitised by render_markdown
