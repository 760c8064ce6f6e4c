"""Every page prints cleanly (issue 14): a print stylesheet, linked from the base template,
hides navigation, search tools and the footer, and prints where links lead."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.knowledge.conftest import make_practice

PRINT_CSS = Path(settings.BASE_DIR) / "static" / "css" / "print.css"


@pytest.mark.django_db
def test_a_practice_page_links_the_print_stylesheet(client):
    html = client.get(make_practice().get_absolute_url()).content.decode()

    assert re.search(r'<link rel="stylesheet" href="[^"]*css/print\.css" media="print">', html)


def test_the_print_rules_hide_the_chrome_and_show_link_addresses():
    css = PRINT_CSS.read_text()
    body = css[css.index("@media print") :]

    hidden = re.search(r"([^{}]+)\{\s*display:\s*none", body)
    assert hidden is not None
    for selector in (".site-header nav", ".site-footer", ".facets", ".library-search"):
        assert selector in hidden.group(1)
    assert 'content: " (" attr(href) ")"' in body
