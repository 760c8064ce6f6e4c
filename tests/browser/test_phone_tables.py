"""List pages on a phone (390px) in the real Chromium, with the demo content: every table keeps
its header row in view, scrolls sideways inside its own labelled region with the first column
pinned, the page itself never overflows sideways, and axe passes."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Browser

from accounts.models import User
from forum.models import Body, Member
from knowledge.models import SavedSearch, Status
from tests.browser.sessions import signed_in
from tests.knowledge.conftest import make_practice

WIDTH = 390

TABLES = """() => [...document.querySelectorAll('main table')].map((table) => {
  const region = table.parentElement;
  const heads = [...table.querySelectorAll('thead th')];
  const firstRow = table.querySelector('tbody tr');
  return {
    caption: table.caption ? table.caption.textContent.trim() : '',
    region: region.matches('.table-scroll[role=region][tabindex="0"]')
      && region.getAttribute('aria-labelledby') === table.caption.id,
    columns: firstRow ? [...firstRow.children].reduce((n, cell) => n + cell.colSpan, 0) : 0,
    shown: heads.filter((th) => {
      const box = th.getBoundingClientRect();
      return getComputedStyle(th).display !== 'none' && th.textContent.trim()
        && box.width > 0 && box.height > 0;
    }).length,
    firstInView: heads.length > 0 && heads[0].getBoundingClientRect().left >= 0
      && heads[0].getBoundingClientRect().right <= window.innerWidth,
    scrolls: region.scrollWidth > region.clientWidth,
  };
})"""

# Scroll each region to its far end: its first column stays where it was.
PINNED = """() => [...document.querySelectorAll('main .table-scroll')].map((region) => {
  const cells = [...region.querySelectorAll('tr > :first-child')];
  const before = cells.map((cell) => Math.round(cell.getBoundingClientRect().left));
  region.scrollLeft = region.scrollWidth;
  const moved = region.scrollLeft > 0;
  const after = cells.map((cell) => Math.round(cell.getBoundingClientRect().left));
  region.scrollLeft = 0;
  return {moved, pinned: before.every((left, i) => left === after[i])};
})"""


@pytest.fixture
def demo(db) -> dict[str, object]:
    call_command("seed_demo", verbosity=0)
    alice = User.objects.get(email="alice@example.org")
    for n in range(3):
        make_practice(
            title=f"How our workshop halved its packaging waste in a year, part {n + 1}",
            status=Status.REVIEW,
            submitted_by=alice,
        )
    SavedSearch.objects.create(
        user=alice, name="Supply chain due diligence for small manufacturers", query="due"
    )
    body = Body.objects.filter(pk__in=Member.objects.values("body")).order_by("pk").first()
    return {
        "alice": alice,
        "secretariat": User.objects.get(email="secretariat@example.org"),
        "members": reverse("forum:members", args=[body.slug]),
    }


@pytest.mark.django_db(transaction=True)
def test_list_tables_keep_their_headers_on_a_phone(
    browser: Browser, base_url: str, audited_page, demo
) -> None:
    pages = [
        (demo["alice"], reverse("commitments:my_pledges")),
        (demo["alice"], reverse("knowledge:submissions")),
        (demo["alice"], reverse("knowledge:saved")),
        (demo["secretariat"], demo["members"]),
    ]
    scrolled = 0
    for user, path in pages:
        context = signed_in(browser, base_url, user)
        try:
            visitor = audited_page(context)
            page = visitor.page
            page.set_viewport_size({"width": WIDTH, "height": 800})
            visitor.visit(path)

            tables = page.evaluate(TABLES)
            assert tables, path
            for table in tables:
                assert table["region"], (path, table)
                assert table["shown"] == table["columns"] >= 3, (path, table)
                assert table["firstInView"], (path, table)
                scrolled += table["scrolls"]
            assert page.evaluate(
                "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
            ), path
            for region in page.evaluate(PINNED):
                assert region["pinned"], (path, region)
        finally:
            context.close()
    # At 390px at least one of these tables is wider than the screen and really scrolls.
    assert scrolled, "no table scrolled sideways: the pinned-column check proved nothing"
