from django import template
from django.utils.safestring import SafeString

from markup import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str, top: int = 2) -> SafeString:
    """``{{ text|markdown }}`` under the page's h1; ``{{ text|markdown:3 }}`` inside a
    section headed h2 (``markup.render_markdown``)."""
    return render_markdown(text or "", top=int(top))
