"""The curator's journey through the admin in the real Chromium, at a phone's width and a
laptop's: the branded index grouped by task, the review queue (open a submission, publish it),
the practices list, and a spreadsheet import previewed then confirmed. Each page is audited with
axe and checked for cut-off text (conftest.py) and valid HTML; the key pages are saved as
screenshots under var/screenshots/curator/<width>/."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from playwright.sync_api import Browser, expect

from knowledge import demo
from knowledge.models import Practice, Status
from tests.browser.conftest import WIDTHS, context_args
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


SUBMISSION = "Repair café for office furniture"
SHEET = (
    "id,title,summary,type,language\n"
    "sheet-1,Supplier code of conduct template,A template to adapt.,guide,en\n"
)
BAD_SHEET = SHEET.replace(",guide,", ",poster,")


@pytest.mark.parametrize("width", WIDTHS)
def test_curator_journey(browser: Browser, base_url: str, audited_page, width: int, tmp_path):
    demo.seed()
    submitter = UserFactory(email="sme@example.org")
    submission = Practice.objects.create(
        title=SUBMISSION,
        summary="Chairs and desks repaired by the staff, once a month.",
        body="We **repair** rather than replace.",
        type="case-study",
        language="en",
        status=Status.REVIEW,
        submitted_by=submitter,
    )
    sheet, bad_sheet = tmp_path / "practices.csv", tmp_path / "bad.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    bad_sheet.write_text(BAD_SHEET, encoding="utf-8")
    curator = UserFactory(email="curator@example.org", is_staff=True)
    curator.user_permissions.set(Permission.objects.all())
    enrol_totp(curator)
    client = sign_in_with_second_factor(curator)
    context = browser.new_context(**context_args(width))
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
        admin.snapshot("index")
        # 2. The review queue: the submission, opened, then published from the list.
        with admin.navigation():
            page.locator(".app-review").get_by_role("link", name="Submissions").click()
        assert_valid_html(page.content())
        expect(page.get_by_role("heading", level=1)).to_have_text("Submissions waiting for review")
        admin.snapshot("review-queue")
        with admin.navigation():
            page.get_by_role("link", name=SUBMISSION).click()
        assert_valid_html(page.content())
        expect(page.get_by_label("Title:")).to_have_value(SUBMISSION)
        admin.snapshot("submission")
        with admin.navigation():
            page.locator(".breadcrumbs").get_by_role("link", name="Submissions").click()
        page.get_by_role("row").filter(has_text=SUBMISSION).get_by_role("checkbox").check()
        page.get_by_label("Action:").select_option(label="Publish and tell the submitter")
        with admin.navigation():
            page.get_by_role("button", name="Go").click()
        expect(page.locator(".messagelist")).to_contain_text("1 submission published.")
        submission.refresh_from_db()
        assert submission.status == Status.PUBLISHED
        # 3. The practices list, reached from the index.
        admin.visit("/admin/")
        with admin.navigation():
            page.locator(".app-library").get_by_role("link", name="Practices").click()
        assert_valid_html(page.content())
        expect(page.locator("#result_list tbody tr").first).to_be_visible()
        admin.snapshot("practices")
        # 4. A spreadsheet (CSV) import: previewed, then written when confirmed.
        with admin.navigation():
            page.get_by_role("link", name="Import").click()
        assert_valid_html(page.content())
        expect(page.locator("#id_format option")).to_have_text(
            ["---", "jsonl", "csv", "xlsx", "zip"]
        )
        # A bad row first: its errors are shown in place, and nothing can be confirmed.
        page.locator("#id_import_file").set_input_files(str(bad_sheet))
        page.locator("#id_format").select_option("csv")
        with admin.navigation():
            page.locator("#content form [type=submit]").first.click()
        failed = page.get_by_role("region", name="Some rows failed to validate")
        expect(failed.get_by_text("row 2: type must be one of")).to_be_visible()
        expect(page.get_by_role("button", name=re.compile("Confirm", re.IGNORECASE))).to_have_count(
            0
        )
        admin.snapshot("import-errors")
        page.locator("#id_import_file").set_input_files(str(sheet))
        page.locator("#id_format").select_option("csv")
        with admin.navigation():
            page.locator("#content form [type=submit]").first.click()
        assert_valid_html(page.content())
        preview = page.get_by_role("region", name="Preview")
        expect(preview.get_by_role("table")).to_contain_text("Supplier code of conduct template")
        assert not Practice.objects.filter(source_id="sheet-1").exists()  # a preview only
        admin.snapshot("import-preview")
        with admin.navigation():
            page.get_by_role("button", name=re.compile("Confirm import", re.IGNORECASE)).click()
        assert Practice.objects.filter(source_id="sheet-1").exists()
        admin.snapshot("imported")
    finally:
        context.close()
