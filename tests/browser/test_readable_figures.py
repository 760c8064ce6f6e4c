"""Readable figures in the real Chromium, at phone and desktop width: the commitments dashboard
and the Alliance statistics page, with the demo's releases. Chart text is at least 12px and
never clipped, the page does not overflow sideways, each chart's table is folded away and keeps
its headers once opened, and axe passes with the tables open too."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import Page

from commitments.models import Framework

PAGES = ["dashboard", "/alliance/statistics/"]

CHART_TEXT = """() => {
  const texts = [...document.querySelectorAll(
    '.chart .chart-label, .chart .chart-value, .chart text, .chart-legend li, .chart-note'
  )].filter((el) => el.textContent.trim());
  return {
    count: texts.length,
    small: texts.map((el) => [el.textContent.trim(), parseFloat(getComputedStyle(el).fontSize)])
      .filter(([, size]) => size < 12),
    clipped: texts.filter((el) => el.scrollWidth > el.clientWidth)
      .map((el) => [el.textContent.trim(), el.scrollWidth, el.clientWidth]),
    // A chart that draws a suppressed shape explains it in its legend.
    unexplained: [...document.querySelectorAll('figure.chart')]
      .filter((fig) => fig.querySelector('svg .chart-suppressed')
                       && !fig.querySelector('.chart-legend .chart-suppressed'))
      .map((fig) => fig.id),
  };
}"""

TABLE_HEADERS = """() => [...document.querySelectorAll('.figure-table table')].map((table) => {
  const heads = [...table.querySelectorAll('thead th')];
  const firstRow = table.querySelector('tbody tr');
  return {
    caption: table.caption ? table.caption.textContent.trim() : '',
    columns: firstRow ? [...firstRow.children].reduce((n, cell) => n + cell.colSpan, 0)
      : heads.length,
    shown: heads.filter((th) => {
      const box = th.getBoundingClientRect();
      return th.textContent.trim() && box.width > 0 && box.height > 0;
    }).length,
    firstInView: heads.length > 0 && heads[0].getBoundingClientRect().left >= 0
      && heads[0].getBoundingClientRect().right <= window.innerWidth,
  };
})"""


@pytest.fixture
def dashboard_path(db) -> str:
    call_command("seed_demo", verbosity=0)  # with a release of each kind of figures
    return Framework.objects.order_by("pk").first().get_absolute_url() + "dashboard/"


@pytest.mark.parametrize("width", [390, 1280])
def test_charts_and_tables_read_well(page: Page, audited_page, dashboard_path, width) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    visitor = audited_page(page)

    for path in [dashboard_path if p == "dashboard" else p for p in PAGES]:
        visitor.visit(path)
        assert page.locator("figure.chart").count() >= 5, path

        text = page.evaluate(CHART_TEXT)
        assert text["count"] > 20, (path, text)
        assert text["small"] == [], (path, text["small"])
        assert text["clipped"] == [], (path, text["clipped"])
        assert text["unexplained"] == [], (path, text["unexplained"])
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width, path
        if width == 390 and path == dashboard_path:
            # It was about 10,000px tall with every table open.
            assert page.evaluate("() => document.documentElement.scrollHeight") < 7000

        summaries = page.locator("details.figure-table > summary")
        assert summaries.count() >= 5, path
        for index in range(summaries.count()):
            summaries.nth(index).click()
        visitor.audit()  # the open tables too

        tables = page.evaluate(TABLE_HEADERS)
        assert tables, path
        for table in tables:
            assert table["shown"] == table["columns"] >= 2, (path, table)
            assert table["firstInView"], (path, table)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width, path
