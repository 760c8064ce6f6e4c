"""``{% site_url "name" %}``: the address of a page that takes no arguments, remembered.

``base.html`` links the same dozen pages (navigation, footer) on every page; Django's
``{% url %}`` reverses each one every time, about a third of the time the frame takes. The
address of a named URL without arguments depends only on the language (the ``/nl/`` prefix)
and the script prefix, so this process keeps it per (name, language, prefix): the URLconf does
not change while the process runs.
"""

from __future__ import annotations

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language

register = template.Library()

_known: dict[tuple[str, str | None, str], str] = {}


@register.simple_tag
def site_url(name: str) -> str:
    key = (name, get_language(), get_script_prefix())
    found = _known.get(key)
    if found is None:
        found = _known[key] = reverse(name)
    return found
