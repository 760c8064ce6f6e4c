"""The language switcher: plain links, for every visitor, that work without JavaScript,
remember the choice, and pass axe."""

from __future__ import annotations

from playwright.sync_api import Browser, expect


def test_anonymous_visitor_switches_language_without_javascript(
    browser: Browser, base_url: str
) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    try:
        page = context.new_page()
        page.goto("/alliance/")
        switcher = page.get_by_role("navigation", name="Language")
        expect(switcher.get_by_role("link", name="English")).to_have_attribute(
            "aria-current", "true"
        )

        switcher.get_by_role("link", name="Nederlands").click()

        expect(page).to_have_url(f"{base_url}/nl/alliance/")
        expect(page.locator("html")).to_have_attribute("lang", "nl")
        cookie = {c["name"]: c["value"] for c in context.cookies()}
        assert cookie["django_language"] == "nl"
    finally:
        context.close()


def test_language_links_pass_the_audit(page, audited_page) -> None:
    visitor = audited_page(page)
    visitor.visit("/")
    with visitor.navigation():
        page.get_by_role("navigation", name="Language").get_by_role("link", name="Deutsch").click()

    assert visitor.path == "/de/"
    expect(page.locator("html")).to_have_attribute("lang", "de")
