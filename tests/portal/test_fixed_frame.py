"""``{% fixed %}``: the parts of the frame rendered once per language, prefix and section."""

from __future__ import annotations

import re

from django.template import engines
from django.test import RequestFactory
from django.urls import reverse, set_script_prefix
from django.utils.translation import override


def _current(html: str) -> list[str]:
    nav = re.search(r'<nav class="main-nav".*?</nav>', html, re.S).group(0)
    return re.findall(r'href="([^"]+)" aria-current="page"', nav)


def test_each_section_marks_its_own_link_in_the_header(client, db):
    # The header is kept per section: one section's mark must not show on another's page.
    alliance = client.get(reverse("alliance:index")).content.decode()
    knowledge = client.get(reverse("knowledge:index")).content.decode()
    again = client.get(reverse("alliance:index")).content.decode()

    assert _current(alliance) == [reverse("alliance:index")] == _current(again)
    assert _current(knowledge) == [reverse("knowledge:index")]
    assert _current(client.get(reverse("contact")).content.decode()) == []


def test_the_header_and_footer_follow_the_language(client, db):
    english = client.get("/alliance/").content.decode()
    dutch = client.get("/nl/alliance/").content.decode()

    assert "An open-source portal for CSR alliances" in english
    assert 'href="/forum/"' in english
    assert "An open-source portal for CSR alliances" not in dutch
    assert 'href="/nl/forum/"' in dutch
    assert 'href="/forum/"' not in dutch


def test_a_fixed_part_is_kept_per_language_prefix_and_value():
    fragment = engines["django"].from_string(
        "{% load site_urls %}{% fixed section %}{{ section }} {{ other }} "
        "{% site_url 'contact' %}{% endfixed %}"
    )
    request = RequestFactory().get("/")

    def render(section: str, other: str, language: str = "en") -> str:
        with override(language):
            return fragment.render({"section": section, "other": other}, request)

    assert render("forum", "first") == f"forum first {reverse('contact')}"
    # Kept: what is not named (``other``) is the first rendering's.
    assert render("forum", "second") == f"forum first {reverse('contact')}"
    assert render("alliance", "third") == f"alliance third {reverse('contact')}"
    with override("nl"):
        dutch_contact = reverse("contact")
    assert render("forum", "fourth", "nl") == f"forum fourth {dutch_contact}"
    set_script_prefix("/portal/")
    try:
        assert render("forum", "fifth").endswith(f"/portal{reverse('contact')[len('/portal') :]}")
        assert render("forum", "fifth").startswith("forum fifth /portal/")
    finally:
        set_script_prefix("/")
