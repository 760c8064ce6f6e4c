"""Members' activity updates in the real Chromium, with axe on every page: the secretariat
gives a series its standing item "Updates by members"; two focal persons send their updates
(one on a phone); the secretariat compiles and circulates the update paper; a member reads it
and downloads the PDF, and searches the body's updates."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from forum import services
from forum.models import (
    Body,
    BodyKind,
    Constituency,
    Location,
    MemberUpdate,
    UpdateGrouping,
    UpdatePaper,
)
from notifications.models import OutgoingEmail
from tests.browser.conftest import context_args
from tests.browser.sessions import signed_in
from tests.factories import UserFactory
from tests.forum.factories import MemberFactory

try:
    from pypdf import PdfReader
except ImportError:  # not among the requirements: the header and size must do then
    PdfReader = None


@pytest.mark.django_db(transaction=True)
def test_members_send_updates_and_read_the_compiled_paper(
    browser: Browser, base_url: str, audited_page, secretariat, tmp_path
):
    group = Body.objects.create(
        name="Coordination Group of focal persons",
        kind=BodyKind.COORDINATION,
        update_grouping=UpdateGrouping.LOCATION,
    )
    series = services.series_create(
        body=group,
        by=secretariat,
        title="Bimonthly meeting of focal persons",
        first_date=timezone.localdate() + timedelta(days=10),
        start_time=time(10, 0),
        duration=timedelta(hours=2),
        time_zone="Europe/Zurich",
        interval_months=2,
        until=timezone.localdate() + timedelta(days=80),
        place="Geneva",
    )
    meeting = series.meetings.order_by("starts_at").first()
    tokyo = UserFactory(email="kenji@example.org", name="Kenji Sato")
    geneva = UserFactory(email="ines@example.org", name="Inès Dubois")
    MemberFactory(body=group, user=tokyo, location=Location.FIELD)
    MemberFactory(
        body=group, user=geneva, location=Location.HEADQUARTERS, constituency=Constituency.RESEARCH
    )
    informed = MemberFactory(body=group, role="informed")

    sec_context = signed_in(browser, base_url, secretariat)
    tokyo_context = signed_in(browser, base_url, tokyo, **context_args(390))
    geneva_context = signed_in(browser, base_url, geneva)
    try:
        # 1. The secretariat gives the series its standing item, from the body's page.
        sec = audited_page(sec_context)
        sec.visit(group.get_absolute_url())
        with sec.navigation():
            sec.page.get_by_role("link", name=f"Standing agenda items of {series.title}").click()
        expect(sec.page.get_by_label("Title")).to_have_value("Updates by members")
        sec.page.get_by_label("Presenter").fill("Members")
        sec.page.get_by_label("Written updates due, days before each meeting").fill("3")
        with sec.navigation():
            sec.page.get_by_role("button", name="Add standing item").click()
        expect(sec.page.get_by_role("main")).to_contain_text("written updates due 3 days before")
        meeting.refresh_from_db()
        assert meeting.updates_due_at == meeting.starts_at - timedelta(days=3)

        # 2. A focal person in a field office sends an update from the meeting page, on a phone.
        member = audited_page(tokyo_context)
        member.visit(meeting.get_absolute_url())
        expect(member.page.get_by_role("heading", name="Updates by members")).to_be_visible()
        with member.navigation():
            member.page.get_by_role(
                "link", name="Members' updates on their CSR-related activities"
            ).click()
        member.page.get_by_label("Your update").fill(
            "The office in Tokyo organises a CSR symposium with the United Nations University."
        )
        with member.navigation():
            member.page.get_by_role("button", name="Send update").click()
        expect(member.page.get_by_role("main")).to_contain_text("Your update was saved.")
        # Changed before the deadline.
        member.page.get_by_label("Your update").fill(
            "The office in Tokyo organises a CSR symposium with the United Nations University; "
            "the MNE Declaration is being translated into Japanese."
        )
        with member.navigation():
            member.page.get_by_role("button", name="Save changes").click()
        expect(member.page.get_by_role("main")).to_contain_text("Your update was changed.")

        # 3. A colleague at headquarters sends hers.
        colleague = audited_page(geneva_context)
        colleague.visit(f"/forum/meetings/{meeting.uid}/updates/")
        colleague.page.get_by_label("Your update").fill(
            "A dialogue with the Better Cotton Initiative took place at headquarters."
        )
        with colleague.navigation():
            colleague.page.get_by_role("button", name="Send update").click()
        assert MemberUpdate.objects.filter(meeting=meeting).count() == 2

        # 4. The secretariat sees that everyone has sent one, compiles and circulates.
        sec.visit(f"/forum/meetings/{meeting.uid}/updates/")
        expect(sec.page.get_by_role("main")).to_contain_text("Every member has sent an update.")
        with sec.navigation():
            sec.page.get_by_role("link", name="Compile and circulate the update paper").click()
        expect(sec.page.get_by_role("main")).to_contain_text("grouped headquarters and field")
        with sec.navigation():
            sec.page.get_by_role("button", name="Compile and circulate").click()
        expect(sec.page.get_by_role("main")).to_contain_text("compiled and circulated")
        paper = UpdatePaper.objects.get(meeting=meeting)
        assert [g["label"] for g in paper.content] == ["Headquarters", "Field office"]
        circulated = OutgoingEmail.objects.filter(key__startswith=f"forum.update_paper:{paper.pk}:")
        assert set(circulated.values_list("to", flat=True)) == {
            tokyo.email,
            geneva.email,
            informed.user.email,
        }

        # 5. A member opens the paper and downloads it as PDF.
        colleague.visit(meeting.get_absolute_url())
        with colleague.navigation():
            colleague.page.get_by_role(
                "link", name="Members' updates on their CSR-related activities"
            ).click()
        with colleague.navigation():
            colleague.page.get_by_role("link", name="Read the update paper").click()
        main = colleague.page.get_by_role("main")
        expect(main.get_by_role("heading", name="Field office")).to_be_visible()
        expect(main).to_contain_text("translated into Japanese")
        with colleague.page.expect_download() as downloading:
            colleague.page.get_by_role("link", name="Download as PDF").click()
        path = tmp_path / "paper.pdf"
        downloading.value.save_as(path)
        data = path.read_bytes()
        assert data.startswith(b"%PDF") and len(data) > 2000
        if PdfReader is not None:
            text = " ".join(page.extract_text() for page in PdfReader(path).pages)
            assert "Better Cotton Initiative" in text and "Japanese" in text

        # 6. The body's updates, searched.
        colleague.visit(f"/forum/bodies/{group.slug}/updates/")
        colleague.page.get_by_label("Search the updates").fill("cotton")
        with colleague.navigation():
            colleague.page.get_by_role("button", name="Search").click()
        expect(colleague.page.get_by_role("main")).to_contain_text("Better Cotton Initiative")
        expect(colleague.page.get_by_role("main")).not_to_contain_text("Tokyo")

        # 7. Outsiders find nothing there.
        outsider_context = signed_in(browser, base_url, UserFactory(email="x@example.org"))
        try:
            outsider = audited_page(outsider_context)
            outsider.visit(f"/forum/meetings/{meeting.uid}/updates/paper/", status=404)
        finally:
            outsider_context.close()
    finally:
        sec_context.close()
        tokyo_context.close()
        geneva_context.close()


@pytest.mark.django_db(transaction=True)
def test_the_deadline_page_and_a_late_update_pass_axe(
    browser: Browser, base_url: str, audited_page, secretariat
):
    group = Body.objects.create(name="Coordination group", kind=BodyKind.COORDINATION)
    person = UserFactory(email="ana@example.org", name="Ana Costa")
    MemberFactory(body=group, user=person)
    starts = timezone.now() + timedelta(days=2)
    meeting = services.meeting_schedule(
        body=group,
        by=secretariat,
        title="Extra meeting of focal persons",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        time_zone="Europe/Zurich",
        place="Geneva",
    )
    sec_context = signed_in(browser, base_url, secretariat)
    person_context = signed_in(browser, base_url, person)
    try:
        sec = audited_page(sec_context)
        sec.visit(f"/forum/meetings/{meeting.uid}/updates/")
        with sec.navigation():
            sec.page.get_by_role("link", name="Collect written updates").click()
        past = timezone.localtime(timezone.now() - timedelta(hours=1), meeting.zone)
        sec.page.get_by_label("Updates due by (the meeting's local time)").fill(
            past.strftime("%Y-%m-%dT%H:%M")
        )
        with sec.navigation():
            sec.page.get_by_role("button", name="Save deadline").click()
        expect(sec.page.get_by_role("main")).to_contain_text("Updates were due by")

        member = audited_page(person_context)
        member.visit(f"/forum/meetings/{meeting.uid}/updates/")
        expect(member.page.get_by_role("main")).to_contain_text("The deadline has passed")
    finally:
        sec_context.close()
        person_context.close()
