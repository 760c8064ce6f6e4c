"""Downloads in the real Chromium (issue 14): a curator attaches a file to a practice in the
admin, a visitor sees it listed on the practice page and downloads it; a withdrawn practice
answers 410 with a way on. Every page is audited with axe (conftest.py)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Permission
from playwright.sync_api import Browser, expect

from knowledge import demo
from knowledge.models import Attachment, Practice
from tests.conftest import enrol_totp, sign_in_with_second_factor
from tests.factories import UserFactory
from tests.security.hostile_files import PDF


def test_a_curator_attaches_a_file_and_a_visitor_downloads_it(
    browser: Browser, base_url: str, audited_page, tmp_path
) -> None:
    demo.seed(files=False)
    practice = Practice.objects.get(source_id="demo-en-12")
    curator = UserFactory(email="curator@example.org", is_staff=True)
    curator.user_permissions.set(Permission.objects.all())
    enrol_totp(curator)
    client = sign_in_with_second_factor(curator)
    staff_context = browser.new_context()
    staff_context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base_url,
            }
        ]
    )
    visitor_context = browser.new_context(accept_downloads=True)
    upload = tmp_path / "waste-checklist.pdf"
    upload.write_bytes(PDF)
    try:
        # 1. The curator adds a download with its title and language, and saves. The add and
        # change forms pass axe: the inlines are stacked so that each of their fields has its
        # label, and static/js/admin-names.js names the autocomplete (select2) comboboxes and
        # the filter_horizontal search icons.
        staff = audited_page(staff_context)
        page = staff.page
        staff.visit("/admin/knowledge/practice/add/")
        for field in ("Translation of", "Successor"):
            expect(page.get_by_role("combobox", name=field)).to_be_visible()
        staff.visit(f"/admin/knowledge/practice/{practice.pk}/change/")
        row = page.locator("#attachments-group .inline-related").first
        row.get_by_label("File").set_input_files(str(upload))
        row.get_by_label("Title").fill("Printable waste checklist")
        row.get_by_label("Language").select_option("en")
        with staff.navigation():
            page.locator("input[name=_continue]").click()
        expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
        attachment = Attachment.objects.get(practice=practice)
        assert attachment.title == "Printable waste checklist"

        # 2. A visitor finds it on the practice page and downloads the same bytes.
        visitor = audited_page(visitor_context)
        vpage = visitor.page
        visitor.visit(practice.get_absolute_url())
        downloads = vpage.get_by_role("region", name="Downloads and links")
        link = downloads.get_by_role("link", name="Printable waste checklist")
        expect(link).to_be_visible()
        expect(downloads).to_contain_text("PDF")
        with vpage.expect_download() as info:
            link.click()
        saved = tmp_path / "downloaded.pdf"
        info.value.save_as(saved)
        assert saved.read_bytes() == PDF

        # 3. The withdrawn demo practice answers 410 and leads to its successor.
        withdrawn = Practice.objects.get(source_id="demo-archived-01")
        visitor.visit(withdrawn.get_absolute_url(), status=410)
        expect(vpage.get_by_role("heading", level=1)).to_have_text(withdrawn.title)
        successor = vpage.get_by_role("link", name=withdrawn.successor.title)
        with visitor.navigation():
            successor.click()
        expect(vpage.get_by_role("heading", level=1)).to_have_text(withdrawn.successor.title)
    finally:
        staff_context.close()
        visitor_context.close()
