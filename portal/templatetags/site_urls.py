"""``{% site_url "name" %}``: the address of a page that takes no arguments, remembered; and
``{% fixed %}``, a part of the frame rendered once per language.

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


class FixedNode(template.Node):
    def __init__(self, nodelist: template.NodeList, keys: list[template.base.FilterExpression]):
        self.nodelist = nodelist
        self.keys = keys
        self.rendered: dict[tuple[object, ...], str] = {}

    def render(self, context: template.Context) -> str:
        key = (
            get_language(),
            get_script_prefix(),
            *(expression.resolve(context) for expression in self.keys),
        )
        found = self.rendered.get(key)
        if found is None:
            found = self.rendered[key] = self.nodelist.render(context)
        return found


@register.tag
def fixed(parser: template.base.Parser, token: template.base.Token) -> FixedNode:
    """``{% fixed [value …] %}…{% endfixed %}``: rendered once per process for each language,
    script prefix and value of the given expressions, then repeated.

    For the parts of ``base.html`` that are the same on every page (the header's links, the
    footer): their translations, static files and ``{% site_url %}`` links cost a few tenths of
    a millisecond on every page. What is inside may read nothing of the page but the values
    named, and those must take few values (a section's name, not a path or a person).
    """
    keys = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("endfixed",))
    parser.delete_first_token()
    return FixedNode(nodelist, keys)
