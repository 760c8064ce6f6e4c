"""Browser tests: the system Chromium driven by Playwright, with an axe-core audit of every page.

Every page a test opens goes through :class:`AuditedPage`: ``visit()`` for addresses and
``navigation()`` around the click that leaves the page. Both run axe once the new document has
fired its ``load`` event and fail the test on any WCAG 2.0/2.1 A or AA violation. A ``load``
listener records every document the browser loaded, and the fixture fails the test if one of
them was never audited, so a forgotten audit cannot pass silently.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, Response

# Playwright's sync API runs an event loop in the test's thread; Django's ORM refuses to run
# there unless told it is safe (the test only touches the database between browser calls).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

HERE = Path(__file__).resolve().parent
PROJECT_ROOT = HERE.parents[1]
AXE_PATH = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # This hook sees the whole session's items; mark only the ones under tests/browser.
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


_CALL_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    # Keep the outcome of the test body, so fixtures can tell a failed test from a passed one.
    report = yield
    if report.when == "call":
        item.stash[_CALL_FAILED] = report.failed
    return report


@pytest.fixture(autouse=True)
def _reference_data(reference_data) -> None:
    """The live server's transactional database is flushed between tests; reload the
    vocabularies the migrations loaded (see tests/conftest.py)."""


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """The system Chromium with fixed flags; Playwright never downloads a browser here."""
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    """Pages opened through pytest-playwright's ``page`` resolve "/" against the live server.

    (This also replaces pytest-playwright's own ``base_url``, which pytest 9 warns about.)
    """
    return live_server.url


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_PATH.is_file():
        pytest.fail(f"axe-core is missing at {AXE_PATH}; run `npm ci` (make browser-deps).")
    return AXE_PATH.read_text(encoding="utf-8")


class AccessibilityViolation(AssertionError):
    pass


def _path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"axe found {len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"<{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            lines.append(f"    target: {' '.join(node['target'])}")
            if node.get("summary"):
                lines.append("      " + node["summary"].replace("\n", "\n      "))
    return "\n".join(lines)


_RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({target: n.target.map(String), summary: n.failureSummary})),
  }));
}"""


@dataclass
class AuditedPage:
    """A Playwright page whose every loaded document is checked with axe."""

    page: Page
    base_url: str
    axe_source: str
    audited: list[str] = field(default_factory=list)
    loaded: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        # The listener only records; it must not call the browser from inside an event.
        self.page.on("load", lambda page: self.loaded.append(_path_of(page.url)))

    @property
    def path(self) -> str:
        return _path_of(self.page.url)

    def visit(self, path: str, *, status: int = 200) -> Response:
        """Open ``path`` (or a full URL), check the HTTP status, then audit the page."""
        url = path if re.match(r"^https?://", path) else self.base_url + path
        response = self.page.goto(url, wait_until="load")
        assert response is not None, f"no response for {url}"
        assert response.status == status, f"{url} answered {response.status}, expected {status}"
        self.audit()
        return response

    def reload(self) -> Response:
        response = self.page.reload(wait_until="load")
        assert response is not None and response.ok, f"reloading {self.page.url} failed"
        self.audit()
        return response

    @contextmanager
    def navigation(self) -> Iterator[None]:
        """Wrap the action that leaves the page (a link, a form); audit where it lands.

        Waiting for the new document's ``load`` event covers POST-redirect-GET as well: only
        the final document fires it.
        """
        with self.page.expect_event("load"):
            yield
        self.audit()

    def audit(self) -> None:
        self.page.wait_for_load_state("load")
        if not self.page.evaluate("() => typeof window.axe === 'object'"):
            # The site's Content-Security-Policy refuses injected <script> tags; evaluate does not.
            self.page.evaluate(self.axe_source)
        violations = self.page.evaluate(_RUN_AXE, AXE_TAGS)
        self.audited.append(self.path)
        if violations:
            raise AccessibilityViolation(format_violations(self.page.url, violations))

    def unaudited(self) -> list[str]:
        """Documents loaded more often than audited (each load needs its own audit)."""
        missing = Counter(self.loaded) - Counter(self.audited)
        return sorted(missing.elements())


@pytest.fixture
def audited_page(
    request: pytest.FixtureRequest, base_url: str, axe_source: str
) -> Iterator[Callable[[Page | BrowserContext], AuditedPage]]:
    """Make audited pages: pass a Page, or a BrowserContext to open a new page in it.

    At teardown every document any of them loaded must have been audited.
    """
    made: list[AuditedPage] = []

    def make(target: Page | BrowserContext) -> AuditedPage:
        page = target.new_page() if isinstance(target, BrowserContext) else target
        audited = AuditedPage(page=page, base_url=base_url, axe_source=axe_source)
        made.append(audited)
        return audited

    yield make
    if request.node.stash.get(_CALL_FAILED, True):
        return  # the test's own failure says more than a list of pages it never reached
    for audited in made:
        if not audited.page.is_closed():
            audited.page.wait_for_load_state("load")  # let a last navigation report itself
    missed = [path for audited in made for path in audited.unaudited()]
    assert not missed, f"pages loaded without an accessibility audit: {missed}"
