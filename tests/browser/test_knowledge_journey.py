"""The SME's journey through the knowledge centre in the real Chromium, at a phone's width and a
laptop's: search, filter with facets (OR within a facet, AND across facets, live with htmx),
open a practice, save the search; and the same filters with JavaScript off. Every page is
audited with axe and checked for cut-off text (see conftest.py), htmx updates included; the key
pages are saved as screenshots under var/screenshots/sme/<width>/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from accounts.models import User
from knowledge import demo
from knowledge.models import Practice, SavedSearch
from tests.browser.conftest import WIDTHS, context_args
from tests.browser.sessions import signed_in


def _count(**filters: str) -> int:
    qs = Practice.objects.published()
    if "type__in" in filters:
        qs = qs.filter(type__in=filters["type__in"])
    if "language" in filters:
        qs = qs.filter(language=filters["language"])
    return qs.count()


def _heading(count: int) -> str:
    return f"{count} practice" if count == 1 else f"{count} practices"


def _open_filters(page: Page) -> None:
    """On a phone the filters wait behind the "Filter" disclosure (test_library_phone.py); on a
    wide screen they stand beside the results and the disclosure's summary is not shown."""
    summary = page.locator("#library-filters > summary")
    if summary.is_visible() and page.locator("#library-filters").get_attribute("open") is None:
        summary.click()


@pytest.mark.parametrize("width", WIDTHS)
def test_sme_journey(
    browser: Browser, base_url: str, audited_page, charlie: User, width: int
) -> None:
    demo.seed()
    context = signed_in(browser, base_url, charlie, **context_args(width))
    # Without the page's script: htmx is blocked (axe still needs the browser's JavaScript).
    no_script = browser.new_context(**context_args(width))
    no_script.route(re.compile(r".*htmx.*\.js$"), lambda route: route.abort())
    try:
        visitor = audited_page(context)
        page = visitor.page
        results = page.locator("#results-heading")
        # 1. The library, then a search typed and submitted (htmx swaps the results).
        visitor.visit("/knowledge/")
        expect(results).to_have_text(_heading(_count()))
        visitor.snapshot("library")
        page.get_by_label("Search the library").fill("energy")
        page.get_by_label("Search the library").press("Enter")
        expect(page).to_have_url(re.compile(r"/knowledge/\?q=energy&sort=relevance$"))
        expect(page.locator(".practice-item").first).to_contain_text("Energy audit checklist")
        visitor.audit()
        visitor.snapshot("search")
        # 2. Facets: two types combine with OR, a language narrows with AND.
        page.get_by_label("Search the library").fill("")
        page.get_by_label("Search the library").press("Enter")
        expect(results).to_have_text(_heading(_count()))
        _open_filters(page)
        page.get_by_role("checkbox", name=re.compile(r"^Checklist \(")).check()
        expect(results).to_have_text(_heading(_count(type__in=["checklist"])))
        page.get_by_role("checkbox", name=re.compile(r"^Handbook \(")).check()
        both = _count(type__in=["checklist", "handbook"])
        expect(results).to_have_text(_heading(both))
        assert both > _count(type__in=["checklist"])
        # The swapped-in checkbox keeps the keyboard focus (same id before and after).
        expect(page.get_by_role("checkbox", name=re.compile(r"^Handbook \("))).to_be_focused()
        visitor.audit()
        page.get_by_role("checkbox", name=re.compile(r"^French \(")).check()
        expect(results).to_have_text(
            _heading(_count(type__in=["checklist", "handbook"], language="fr"))
        )
        expect(page).to_have_url(re.compile(r"type=checklist&type=handbook&language=fr"))
        for item in page.locator(".practice-item .meta").all():
            expect(item).to_contain_text("French")
        visitor.audit()
        visitor.snapshot("filtered")
        # 3. The pushed address reloads into the same state, rendered by the server.
        visitor.reload()
        _open_filters(page)
        expect(page.get_by_role("checkbox", name=re.compile(r"^Handbook \("))).to_be_checked()
        # 4. Open a practice: its page shows related practices.
        first = page.locator(".practice-item h3 a").first
        title = first.inner_text()
        with visitor.navigation():
            first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        expect(page.get_by_role("heading", name="Related practices")).to_be_visible()
        visitor.snapshot("practice")
        # 5. Back to the filtered library; save the search with daily alerts.
        visitor.visit("/knowledge/?type=checklist&type=handbook&language=fr")
        page.get_by_label("Name of this search").fill("French checklists")
        page.get_by_role("radio", name="Daily").check()
        with visitor.navigation():
            page.get_by_role("button", name="Save this search").click()
        expect(page).to_have_url(re.compile(r"/knowledge/saved/$"))
        expect(page.get_by_role("status")).to_contain_text("French checklists")
        saved = SavedSearch.objects.get(user=charlie)
        assert saved.query == "type=checklist&type=handbook&language=fr"
        assert saved.frequency == "daily"
        visitor.snapshot("saved-searches")
        with visitor.navigation():
            page.get_by_role("link", name="French checklists", exact=True).click()
        expect(results).to_have_text(
            _heading(_count(type__in=["checklist", "handbook"], language="fr"))
        )
        # 6. The other pages of the knowledge centre, audited too.
        with visitor.navigation():
            page.get_by_role("link", name="Collections", exact=True).click()
        with visitor.navigation():
            page.get_by_role("link", name="SME starter kit").click()
        visitor.visit("/knowledge/submit/")
        visitor.visit(f"/knowledge/saved/{saved.token}/delete/")
        visitor.visit("/knowledge/?q=enrgy")
        expect(page.locator(".suggestion")).to_contain_text("energy")
        visitor.visit("/knowledge/?q=xylophone")
        expect(page.get_by_text("No practice matches this search.")).to_be_visible()
        visitor.visit("/api/docs")
        # 7. Without the script the same filters work with the Apply button.
        plain = audited_page(no_script)
        plain.visit("/knowledge/")
        _open_filters(plain.page)
        plain.page.get_by_role("checkbox", name=re.compile(r"^Checklist \(")).check()
        plain.page.get_by_role("checkbox", name=re.compile(r"^Handbook \(")).check()
        with plain.navigation():
            plain.page.get_by_role("button", name="Apply filters").click()
        expect(plain.page).to_have_url(re.compile(r"\?q=&type=checklist&type=handbook&sort="))
        expect(plain.page.locator("#results-heading")).to_have_text(_heading(both))
    finally:
        context.close()
        no_script.close()


def test_library_page_without_results_is_accessible(page: Page, audited_page) -> None:
    visitor = audited_page(page)
    visitor.visit("/knowledge/")
    expect(page.get_by_text("The library has no published practices yet.")).to_be_visible()
