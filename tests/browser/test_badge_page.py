"""The supporter badge on the support page in the real Chromium, on a phone, every page audited
with axe: the preview loads at 2x, the language links switch it, the HTML is copied with the
button (or selected by hand without JavaScript), a PNG downloads, nothing overflows."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from PIL import Image
from playwright.sync_api import Browser, expect

from alliance import badge, services
from tests.browser.sessions import signed_in

PHONE = {"width": 390, "height": 844}


@pytest.mark.django_db(transaction=True)
def test_badge_offer_on_a_phone(browser: Browser, base_url: str, audited_page, alice, org_a):
    services.support_declare(organisation=org_a, by=alice)
    support = reverse("alliance:support", args=[org_a.slug])

    context = signed_in(browser, base_url, alice)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    try:
        them = audited_page(context)
        page = them.page
        page.set_viewport_size(PHONE)
        them.visit(support)

        section = page.locator("#badge")
        preview = section.get_by_role("img", name="We support the European Alliance for CSR")
        expect(preview).to_be_visible()
        found = badge.badge_layout("en")
        loaded = preview.evaluate("(img) => [img.complete, img.naturalWidth, img.naturalHeight]")
        assert loaded == [True, found.width * 2, found.height * 2]
        # The preview shrinks to the phone; the page never scrolls sideways.
        assert preview.bounding_box()["width"] <= PHONE["width"]
        assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]

        snippet = badge.offer("en").snippet
        field = section.get_by_label("HTML for your email signature or website")
        expect(field).to_have_value(snippet)
        expect(field).to_have_attribute("readonly", "")
        section.get_by_role("button", name="Copy HTML").click()
        expect(section.locator("#badge-html-status")).to_have_text("HTML copied.")
        assert page.evaluate("navigator.clipboard.readText()") == snippet

        with page.expect_download() as download_info:
            section.get_by_role(
                "link", name=f"Download PNG, {found.width * 2} × {found.height * 2} pixels"
            ).click()
        download = download_info.value
        assert download.suggested_filename == "european-alliance-for-csr-en@2x.png"
        image = Image.open(io.BytesIO(Path(download.path()).read_bytes()))
        assert image.size == (found.width * 2, found.height * 2)

        # Another language: a plain link, the page reloads with the badge in German.
        with them.navigation():
            section.get_by_role("link", name="Deutsch").click()
        german = page.locator("#badge").get_by_role(
            "img", name="Wir unterstützen die Europäische Allianz für CSR"
        )
        expect(german).to_be_visible()
        expect(page.locator("#badge").get_by_role("link", name="Deutsch")).to_have_attribute(
            "aria-current", "true"
        )
        assert (
            "/alliance/badge/de@2x.png"
            in page.get_by_label("HTML for your email signature or website").input_value()
        )
        assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()


@pytest.mark.django_db(transaction=True)
def test_badge_html_without_javascript(browser: Browser, base_url: str, alice, org_a):
    services.support_declare(organisation=org_a, by=alice)
    client = Client()
    client.force_login(alice)
    context = browser.new_context(java_script_enabled=False)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base_url,
            }
        ]
    )
    try:
        page = context.new_page()
        page.goto(base_url + reverse("alliance:support", args=[org_a.slug]))
        field = page.get_by_label("HTML for your email signature or website")
        expect(field).to_have_value(badge.offer("en").snippet)
        expect(page.get_by_role("button", name="Copy HTML")).to_have_count(0)
        expect(page.get_by_role("link", name="Download SVG")).to_be_visible()
    finally:
        context.close()
