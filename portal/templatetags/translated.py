"""Content translated in the admin (django-modeltranslation), shown in the page's language.

``{% translated meeting "title" %}`` prints the title in the current language; where nobody
has translated it yet, it prints the original in a ``<span lang="en">`` followed by a small
"(in English)" marker, so readers and screen readers know which language they are reading.
``markdown=True`` renders the text as sanitised Markdown, ``linebreaks=True`` as paragraphs.
Attributes and ``<title>`` use the plain field (``{{ meeting.title }}``), which falls back to
the same text.
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.html import linebreaks as paragraphs
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from markup import render_markdown

register = template.Library()

# Whole phrases rather than "in %(language)s": languages inflect the name ("in het Engels",
# "en anglais", "auf Englisch").
MARKERS = {
    "en": _("(in English)"),
    "nl": _("(in Dutch)"),
    "fr": _("(in French)"),
    "de": _("(in German)"),
}


def _codes() -> list[str]:
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    return [default] + [code for code, _name in settings.LANGUAGES if code != default]


def _render(text: str, markdown: bool, linebreaks: bool) -> SafeString:
    if markdown:
        return render_markdown(text)
    if linebreaks:
        return SafeString(paragraphs(text, autoescape=True))
    return format_html("{}", text)


@register.simple_tag
def translated(
    obj: object, field: str, markdown: bool = False, linebreaks: bool = False
) -> SafeString:
    if obj is None:
        return SafeString("")
    if not hasattr(obj, f"{field}_{settings.MODELTRANSLATION_DEFAULT_LANGUAGE}"):
        return _render(getattr(obj, field, "") or "", markdown, linebreaks)  # not translated
    current = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    text = getattr(obj, f"{field}_{current}", None)
    if text:
        return _render(text, markdown, linebreaks)
    for code in _codes():
        text = getattr(obj, f"{field}_{code}", None)
        if text and code != current:
            if markdown or linebreaks:
                return format_html(
                    '<div lang="{}">{}</div><p class="language-marker">{}</p>',
                    code,
                    _render(text, markdown, linebreaks),
                    MARKERS[code],
                )
            return format_html(
                '<span lang="{}">{}</span> <small class="language-marker">{}</small>',
                code,
                text,
                MARKERS[code],
            )
    return SafeString("")
