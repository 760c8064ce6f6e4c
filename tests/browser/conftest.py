"""Browser tests: the system Chromium driven by Playwright, with an axe-core audit of every page.

Every page a test opens goes through :class:`AuditedPage`: ``visit()`` for addresses and
``navigation()`` around the click that leaves the page. Both run axe once the new document has
fired its ``load`` event and fail the test on any WCAG 2.0/2.1 A or AA violation. A ``load``
listener records every document the browser loaded, and the fixture fails the test if one of
them was never audited, so a forgotten audit cannot pass silently.

The same audit checks the layout (:data:`_FIND_LAYOUT_PROBLEMS`): no text may be cut off or
spill out of its box (an element's scroll width larger than its client width, or its scroll
height larger than its client height when it hides its overflow), scrollable containers aside;
no chart label may pass the edge of its chart; and the document must never be wider than the
window. ``snapshot()`` saves a full-page
screenshot under ``var/screenshots/<journey>/<width>/`` for people to look at.
"""

from __future__ import annotations

import os
import re
import shutil
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
SCREENSHOTS = PROJECT_ROOT / "var" / "screenshots"

# The journeys run at a phone's width and a laptop's.
WIDTHS = [390, 1280]
_VIEWPORTS = {
    390: {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    1280: {"viewport": {"width": 1280, "height": 800}},
}

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


class LayoutProblem(AssertionError):
    pass


def context_args(width: int) -> dict:
    """``browser.new_context()`` arguments for a window ``width`` pixels wide (390 or 1280)."""
    return dict(_VIEWPORTS[width])


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


# Text-bearing boxes (with text of their own, directly or in inline children) whose content is
# wider than the box, or taller when the box hides what overflows; scrolling boxes aside. Chart
# labels that pass the edge of their <svg>. Then the document's width against the window's,
# naming the outermost boxes that stick out.
_FIND_LAYOUT_PROBLEMS = """() => {
  const skipped = new Set(["HTML", "BODY", "INPUT", "TEXTAREA", "SELECT", "OPTION", "SCRIPT",
                           "STYLE", "TEMPLATE", "NOSCRIPT", "IFRAME", "IMG", "VIDEO", "CANVAS"]);
  const scrolls = (value) => value === "auto" || value === "scroll";
  const hides = (value) => value === "hidden" || value === "clip";
  const ignored = (element) => skipped.has(element.tagName)
    || element.closest("svg, math, .visually-hidden") || element.getClientRects().length === 0;
  const bearsText = (element) => [...element.childNodes].some((node) =>
    node.textContent.trim() && (node.nodeType === Node.TEXT_NODE
      || (node.nodeType === Node.ELEMENT_NODE
          && getComputedStyle(node).display.startsWith("inline"))));
  const describe = (element, style) => ({
    tag: element.tagName.toLowerCase(),
    id: element.id,
    className: element.getAttribute("class") || "",
    text: element.textContent.trim().replace(/\\s+/g, " ").slice(0, 60),
    overflow: `${style.overflowX} ${style.overflowY}`,
  });
  const elements = [];
  for (const element of document.body.querySelectorAll("*")) {
    if (ignored(element) || !bearsText(element)) continue;
    if (element.clientWidth === 0 && element.clientHeight === 0) continue;  // inline boxes
    const style = getComputedStyle(element);
    if (style.visibility === "hidden") continue;
    const wide = !scrolls(style.overflowX) && element.scrollWidth > element.clientWidth + 1;
    const tall = hides(style.overflowY) && element.scrollHeight > element.clientHeight + 1;
    if (wide || tall) {
      const detail = [
        wide ? `scrollWidth ${element.scrollWidth} > clientWidth ${element.clientWidth}` : "",
        tall ? `scrollHeight ${element.scrollHeight} > clientHeight ${element.clientHeight}` : "",
      ].filter(Boolean).join(", ");
      elements.push({...describe(element, style), detail});
    }
  }
  // A chart's labels: cut off where they pass the edge of an <svg> that hides its overflow, or
  // the left edge of the page.
  for (const label of document.body.querySelectorAll("svg text")) {
    const svg = label.closest("svg");
    if (!label.textContent.trim() || svg.getClientRects().length === 0) continue;
    const box = label.getBoundingClientRect(), frame = svg.getBoundingClientRect();
    // Past the page's left edge nothing can scroll it into view, whatever the overflow.
    const offPage = box.left + window.scrollX < -1;
    const clipped = hides(getComputedStyle(svg).overflowX) && (
      box.left < frame.left - 1 || box.right > frame.right + 1
      || box.top < frame.top - 1 || box.bottom > frame.bottom + 1);
    if (offPage || clipped) {
      const px = (value) => Math.round(value);
      const detail = `chart label at x ${px(box.left)} to ${px(box.right)}, y ${px(box.top)} `
        + `to ${px(box.bottom)}, outside its <svg> at x ${px(frame.left)} to `
        + `${px(frame.right)}, y ${px(frame.top)} to ${px(frame.bottom)}`;
      elements.push({...describe(label, getComputedStyle(svg)), detail});
    }
  }
  const root = document.documentElement;
  let page = null;
  if (root.scrollWidth > root.clientWidth) {
    const edge = root.clientWidth + 1;
    const out = (element) => element.getBoundingClientRect().right + window.scrollX > edge;
    const sticking = [...document.body.querySelectorAll("*")].filter((element) =>
      !ignored(element) && out(element) && !(element.parentElement && out(element.parentElement)));
    page = {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth,
            sticking: sticking.slice(0, 5).map((element) => ({
              ...describe(element, getComputedStyle(element)),
              right: Math.round(element.getBoundingClientRect().right + window.scrollX)}))};
  }
  return {document: page, elements};
}"""


def _name(found: dict) -> str:
    name = found["tag"] + (f"#{found['id']}" if found["id"] else "")
    return name + "".join(f".{part}" for part in found["className"].split())


def format_layout_problems(url: str, width: int, problems: dict) -> str:
    lines = [f"layout problems on {url} at {width} px:"]
    if page := problems["document"]:
        lines.append(
            f"- the document is wider than the window: scrollWidth {page['scrollWidth']} > "
            f"clientWidth {page['clientWidth']}"
        )
        for found in page["sticking"]:
            lines.append(
                f"    <{_name(found)}> reaches {found['right']} px; text starts {found['text']!r}"
            )
    for found in problems["elements"]:
        lines.append(
            f"- text cut off or spilling out of <{_name(found)}> (overflow: {found['overflow']}): "
            f"{found['detail']}; text starts {found['text']!r}"
        )
    return "\n".join(lines)


@dataclass
class Snapshots:
    """Numbered full-page screenshots of one test, ``var/screenshots/<journey>/<width>/``."""

    journey: str
    taken: int = 0
    cleared: set[Path] = field(default_factory=set)

    def save(self, page: Page, name: str) -> Path:
        width = (page.viewport_size or {"width": 0})["width"]
        folder = SCREENSHOTS / self.journey / str(width)
        if folder not in self.cleared:  # no stale pictures from an earlier run
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            self.cleared.add(folder)
        self.taken += 1
        path = folder / f"{self.taken:02d}-{name}.png"
        page.screenshot(path=path, full_page=True, animations="disabled")
        return path


@dataclass
class AuditedPage:
    """A Playwright page whose every loaded document is checked with axe."""

    page: Page
    base_url: str
    axe_source: str
    snapshots: Snapshots | None = None
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
        self.check_layout()

    def check_layout(self) -> None:
        """No text cut off or spilling out of its box, and nothing wider than the window."""
        problems = self.page.evaluate(_FIND_LAYOUT_PROBLEMS)
        if problems["document"] or problems["elements"]:
            width = (self.page.viewport_size or {"width": 0})["width"]
            raise LayoutProblem(format_layout_problems(self.page.url, width, problems))

    def snapshot(self, name: str) -> Path:
        """Save a full-page screenshot as ``NN-name.png`` (see :class:`Snapshots`)."""
        assert self.snapshots is not None, "this test takes no screenshots"
        return self.snapshots.save(self.page, name)

    def unaudited(self) -> list[str]:
        """Documents loaded more often than audited (each load needs its own audit)."""
        missing = Counter(self.loaded) - Counter(self.audited)
        return sorted(missing.elements())


def audited_pages(
    request: pytest.FixtureRequest, base_url: str, axe_source: str
) -> Iterator[Callable[[Page | BrowserContext], AuditedPage]]:
    """The body of :func:`audited_page` for any ``base_url`` (a server of the test's own, as in
    test_library_make_run.py): yield the maker, then check every page was audited."""
    made: list[AuditedPage] = []
    journey = re.sub(r"^test_|_journey$", "", request.node.originalname)
    snapshots = Snapshots(journey=journey)

    def make(target: Page | BrowserContext) -> AuditedPage:
        page = target.new_page() if isinstance(target, BrowserContext) else target
        audited = AuditedPage(
            page=page, base_url=base_url, axe_source=axe_source, snapshots=snapshots
        )
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


@pytest.fixture
def audited_page(
    request: pytest.FixtureRequest, base_url: str, axe_source: str
) -> Iterator[Callable[[Page | BrowserContext], AuditedPage]]:
    """Make audited pages: pass a Page, or a BrowserContext to open a new page in it.

    Their screenshots go to one numbered series per test, named after the test
    (``test_company_journey`` → ``var/screenshots/company/<width>/``).
    At teardown every document any of them loaded must have been audited.
    """
    yield from audited_pages(request, base_url, axe_source)
