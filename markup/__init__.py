"""Markdown written by users, rendered to HTML that is safe to show to anyone."""

from __future__ import annotations

import markdown
import nh3
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
