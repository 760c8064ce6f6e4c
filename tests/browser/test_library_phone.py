"""The library on a phone (390 by 844) and on a desktop (1280 wide): on the phone the results
come first, within the first screen, and the filters wait behind a "Filter (n selected)"
disclosure that works with or without JavaScript; on the desktop the filters stand beside
the results. Long facets show their top values and the rest behind "Show all". Every page is
audited with axe (conftest.py)."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect

from knowledge import demo

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def test_on_a_phone_the_results_come_first_and_the_filters_wait(
    browser: Browser, audited_page
) -> None:
    demo.seed()
    context = browser.new_context(viewport=PHONE)
    try:
        phone = audited_page(context)
        page = phone.page
        phone.visit("/knowledge/")

        first = page.locator(".practice-item").first.bounding_box()
        assert first is not None and first["y"] < PHONE["height"], first
        summary = page.locator("#library-filters > summary")
        expect(summary).to_have_text("Filter")
        expect(summary).to_be_visible()
        checklist = page.get_by_role("checkbox", name=re.compile(r"^Checklist \("))
        expect(checklist).to_be_hidden()
        expect(page.locator("#results-heading")).to_be_visible()

        summary.click()
        expect(checklist).to_be_visible()
        phone.audit()
        # A long facet shows its top values; the others wait behind "Show all".
        sectors = page.locator("fieldset.facet").filter(
            has=page.locator("legend", has_text=re.compile("^Sector$"))
        )
        more = sectors.locator("details.facet-more")
        expect(more.locator("summary")).to_have_text(re.compile(r"^Show all \d+$"))
        hidden = more.locator("input[type=checkbox]").first
        expect(hidden).to_be_hidden()
        more.locator("summary").click()
        expect(hidden).to_be_visible()
        phone.audit()
        checklist.check()  # htmx swaps the results and, out of band, the filters
        expect(summary).to_have_text("Filter (1 selected)")
        expect(page.locator("#library-filters")).to_have_attribute("open", "")
        expect(page.locator(".chosen .tag")).to_contain_text("Checklist")
        expect(page.locator(".practice-item .tag").first).to_have_text("Checklist")
        phone.audit()

    finally:
        context.close()


def test_without_javascript_the_filter_disclosure_still_works(
    browser: Browser, audited_page
) -> None:
    demo.seed()
    context = browser.new_context(viewport=PHONE)
    context.route(re.compile(r".*htmx.*\.js$"), lambda route: route.abort())
    try:
        phone = audited_page(context)
        page = phone.page
        phone.visit("/knowledge/")
        page.locator("#library-filters > summary").click()
        page.get_by_role("checkbox", name=re.compile(r"^Handbook \(")).check()
        with phone.navigation():
            page.get_by_role("button", name="Apply filters").click()

        expect(page).to_have_url(re.compile(r"type=handbook"))
        expect(page.locator("#library-filters > summary")).to_have_text("Filter (1 selected)")
        first = page.locator(".practice-item").first.bounding_box()
        assert first is not None and first["y"] < PHONE["height"], first
        expect(page.locator(".chosen .tag")).to_contain_text("Handbook")
    finally:
        context.close()


def test_on_a_desktop_the_filters_stand_beside_the_results(browser: Browser, audited_page) -> None:
    demo.seed()
    context = browser.new_context(viewport=DESKTOP)
    try:
        desktop = audited_page(context)
        page = desktop.page
        desktop.visit("/knowledge/?sector=C")

        expect(page.locator("#library-filters > summary")).to_be_hidden()
        checkbox = page.get_by_role("checkbox", name=re.compile(r"^Checklist \("))
        expect(checkbox).to_be_visible()
        facets = page.locator(".facets").bounding_box()
        results = page.locator("#library-results").bounding_box()
        assert facets and results
        assert facets["x"] + facets["width"] <= results["x"]
        assert abs(facets["y"] - results["y"]) < 60
        # The chosen section is ticked and its divisions sit beneath it.
        expect(page.locator("#f-sector-c")).to_be_checked()
        expect(
            page.locator("#f-sector-c + label + ul.facet-children #f-sector-c28")
        ).to_be_visible()
    finally:
        context.close()
