"""The library as a clean clone's `make run` serves it (issue 14): SQLite with its FTS5 index,
the seeded demo, runserver. On a phone (390 by 844) every query a visitor might type finds
practices, the first of them on the first screen; "supply chain" and "ISO 26000" find the
practices tagged with them; a misspelling suggests the right word. Every page is audited with
axe (conftest.py)."""

from __future__ import annotations

import re
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from urllib.parse import quote_plus

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from knowledge.demo_data import PRACTICES
from tests.browser.conftest import AuditedPage, audited_pages, context_args
from tests.integration.conftest import free_port
from tests.utils import clean_env, manage_in, runserver

pytestmark = pytest.mark.slow

PHONE_HEIGHT = 844

QUERIES = [
    "supply chain",
    "supply",
    "environmental",
    "human rights small business",
    "equal opportunities",
    "ISO 26000",
    "développement durable",
    "energy saving",
    "diversity",
]


def _published(predicate: Callable[[dict], bool]) -> set[str]:
    return {p["title"] for p in PRACTICES if p["status"] == "published" and predicate(p)}


@pytest.fixture(scope="module")
def make_run_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`make run`'s configuration (no DATABASE_URL: SQLite under VAR_DIR), migrated, seeded
    with the demo and served by runserver on a free port."""
    env = clean_env(VAR_DIR=str(tmp_path_factory.mktemp("make-run")))
    manage_in(env, "migrate", "--noinput")
    manage_in(env, "seed_demo")
    port = free_port()
    server = runserver(env, port, output=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/knowledge/", timeout=5):
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.fixture
def _reference_data() -> None:
    """This server has a database of its own: the test database stays out of it."""


@pytest.fixture
def audited_make_run(
    request: pytest.FixtureRequest, make_run_url: str, axe_source: str
) -> Iterator[Callable[[Page | BrowserContext], AuditedPage]]:
    yield from audited_pages(request, make_run_url, axe_source)


def _titles(page: Page) -> list[str]:
    return page.locator(".practice-item h3").all_inner_texts()


def test_library_on_sqlite_journey(browser: Browser, audited_make_run) -> None:
    context = browser.new_context(**context_args(390))
    try:
        phone = audited_make_run(context)
        page = phone.page
        phone.visit("/knowledge/")
        # Typed into the search box, as a visitor would (htmx swaps the results in place).
        page.get_by_label("Search the library").fill("supply chain")
        page.get_by_role("button", name="Search", exact=True).click()
        expect(page).to_have_url(re.compile(r"q=supply(\+|%20)chain"))
        phone.audit()

        for query in QUERIES:
            phone.visit(f"/knowledge/?q={quote_plus(query)}")
            first = page.locator(".practice-item").first
            expect(first).to_be_visible()
            box = first.bounding_box()
            assert box is not None and box["y"] < PHONE_HEIGHT, (query, box)
            expect(page.locator("#results-heading")).not_to_have_text(re.compile(r"^0 "))
            assert not page.locator(".suggestion").count(), query
            if query in ("supply chain", "ISO 26000", "développement durable"):
                phone.snapshot(re.sub(r"[^a-z0-9]+", "-", query.lower()))

            titles = _titles(page)
            if query == "supply chain":
                tagged = _published(lambda p: "supply-chain" in p["themes"])
                assert len(tagged) > 3
                # A tagged practice comes first, and every one of them is found (the theme's
                # count among the filters is the number of results that carry it).
                assert titles[0] in tagged, titles
                facet = page.locator("label", has_text=re.compile(r"^Responsible supply chains"))
                expect(facet).to_have_text(f"Responsible supply chains ({len(tagged)})")
            if query == "ISO 26000":
                tagged = _published(lambda p: bool(p["iso26000"]))
                assert titles and set(titles) <= tagged, titles

        # A misspelling: the results are for the word it suggests, and the suggestion links there.
        phone.visit("/knowledge/?q=enviromental")
        suggestion = page.locator(".suggestion")
        expect(suggestion).to_contain_text("Did you mean")
        link = suggestion.get_by_role("link", name="environmental")
        expect(link).to_be_visible()
        box = page.locator(".practice-item").first.bounding_box()
        assert box is not None and box["y"] < PHONE_HEIGHT, box
        phone.snapshot("did-you-mean")
        with phone.navigation():
            link.click()
        expect(page).to_have_url(re.compile(r"q=environmental"))
        expect(page.locator(".practice-item").first).to_be_visible()
    finally:
        context.close()
