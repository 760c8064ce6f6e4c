"""The curators' admin in the real Chromium: the branded index grouped by task, the practices
list and the import page, each audited with axe (conftest.py) and checked for valid HTML."""

from __future__ import annotations

from html.parser import HTMLParser

from django.conf import settings
from django.contrib.auth.models import Permission
from playwright.sync_api import Browser, expect

from knowledge import demo
from tests.conftest import enrol_totp, sign_in_with_second_factor
from tests.factories import UserFactory

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
VOID |= {"track", "wbr"}
# Elements whose end tag HTML lets out; Django's admin writes them all closed anyway.
OPTIONAL_END = {"p", "li", "option", "tr", "td", "th", "thead", "tbody", "dt", "dd"}


class _Checker(HTMLParser):
    """What a validator finds first in a template: unbalanced tags and repeated ids."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.ids: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.ids += [value for name, value in attrs if name == "id"]
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.ids += [value for name, value in attrs if name == "id"]

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        while self.open and self.open[-1] != tag and self.open[-1] in OPTIONAL_END:
            self.open.pop()
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.open[-1] if self.open else ''}>")
            return
        self.open.pop()


def assert_valid_html(html: str) -> None:
    assert html.lstrip().lower().startswith("<!doctype html>")
    checker = _Checker()
    checker.feed(html)
    checker.close()
    repeated = sorted({i for i in checker.ids if checker.ids.count(i) > 1})
    assert not checker.problems, checker.problems[:5]
    assert not [t for t in checker.open if t not in OPTIONAL_END], checker.open
    assert not repeated, repeated


def test_the_curator_admin(browser: Browser, base_url: str, audited_page) -> None:
    demo.seed()
    curator = UserFactory(email="curator@example.org", is_staff=True)
    curator.user_permissions.set(Permission.objects.all())
    enrol_totp(curator)
    client = sign_in_with_second_factor(curator)
    context = browser.new_context()
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
        admin = audited_page(context)
        page = admin.page
        # 1. The index: the portal's name, the tasks, no technical models.
        response = admin.visit("/admin/")
        assert_valid_html(response.text())
        expect(page.locator("#site-name")).to_contain_text("CSR Alliance & Knowledge Centre")
        captions = page.locator(".module caption")
        expect(captions.nth(0)).to_have_text("Library")
        expect(captions.nth(1)).to_have_text("Review queue")
        expect(page.get_by_text("Periodic tasks")).to_have_count(0)
        # 2. The practices list, reached from the index.
        with admin.navigation():
            page.locator(".app-library").get_by_role("link", name="Practices").click()
        assert_valid_html(page.content())
        expect(page.locator("#result_list tbody tr").first).to_be_visible()
        # 3. The import page offers the spreadsheet formats.
        with admin.navigation():
            page.get_by_role("link", name="Import").click()
        assert_valid_html(page.content())
        expect(page.locator("#id_format option")).to_have_text(
            ["---", "jsonl", "csv", "xlsx", "zip"]
        )
    finally:
        context.close()
