"""The secretariat's journey through the forum in the real Chromium, at a phone's width and a
laptop's: the secretariat schedules a meeting with an agenda and a document, a member registers,
the meeting is held, minutes are published and circulated, and an action item carries over to
the next meeting. Every page is audited with axe and checked for cut-off text (conftest.py); the
key pages are saved as screenshots under var/screenshots/secretariat/<width>/."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, expect

from forum import services
from forum.models import Body, BodyKind, Constituency, MemberRole, Recommendation
from taxonomy.models import Theme
from tests.browser.conftest import WIDTHS, context_args
from tests.browser.sessions import signed_in
from tests.factories import UserFactory
from tests.forum.factories import MemberFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _schedule(page, audited, title: str, starts: str, ends: str) -> None:
    with audited.navigation():
        page.get_by_role("link", name="Schedule a meeting", exact=True).click()
    page.get_by_label("Title").fill(title)
    page.get_by_label("Starts (local time)").fill(starts)
    page.get_by_label("Ends (local time)").fill(ends)
    page.get_by_label("Time zone").select_option("Europe/Brussels")
    page.get_by_label("Place").fill("Brussels, Charlemagne building")
    page.get_by_label("Online link").fill("https://meet.example.org/forum")
    page.get_by_label("Capacity").fill("30")
    with audited.navigation():
        page.get_by_role("button", name="Schedule meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", WIDTHS)
def test_secretariat_journey(
    browser: Browser, base_url: str, audited_page, secretariat, tmp_path, width: int
):
    body = Body.objects.create(name="European Multistakeholder Forum on CSR", kind=BodyKind.FORUM)
    member = UserFactory(email="ines@example.org", name="Inès Dubois")
    MemberFactory(body=body, user=member, constituency=Constituency.TRADE_UNIONS)
    informed = UserFactory(email="oskar@example.org", name="Oskar Lind")
    MemberFactory(body=body, user=informed, role=MemberRole.INFORMED)
    paper = tmp_path / "progress-report.pdf"
    paper.write_bytes(b"%PDF-1.4 progress report")

    sec_context = signed_in(browser, base_url, secretariat, **context_args(width))
    member_context = signed_in(browser, base_url, member, **context_args(width))
    try:
        sec = audited_page(sec_context)
        page = sec.page

        # 1. The secretariat finds the body from the forum's front page and schedules a meeting.
        sec.visit("/forum/")
        sec.snapshot("forum")
        with sec.navigation():
            page.get_by_role("link", name=body.name).click()
        sec.snapshot("body")
        _schedule(page, sec, "Review meeting on progress", "2031-10-27T10:00", "2031-10-27T13:00")
        meeting_path = sec.path
        expect(page.get_by_role("main")).to_contain_text("Mon 27 Oct 2031, 10:00")

        # 2. An agenda item, then a document attached to it.
        with sec.navigation():
            page.get_by_role("link", name="Add agenda item").click()
        page.get_by_label("Agenda item").fill("Progress on the Forum's recommendations")
        page.get_by_label("Presenter").fill("The Commission")
        with sec.navigation():
            page.get_by_role("button", name="Add to agenda").click()
        with sec.navigation():
            page.get_by_role("link", name="Upload document").click()
        page.get_by_label("Document title").fill("Progress report")
        page.get_by_label("Agenda item").select_option(
            label="Progress on the Forum's recommendations"
        )
        page.get_by_label("File").set_input_files(str(paper))
        with sec.navigation():
            page.get_by_role("button", name="Upload document").click()
        agenda = page.get_by_role("region", name="Agenda")
        expect(agenda).to_contain_text("Presented by The Commission")
        expect(agenda.get_by_role("link", name="Progress report", exact=True)).to_be_visible()
        expect(page.get_by_role("alert")).to_contain_text("nobody is registered yet for")
        sec.snapshot("meeting-with-agenda")

        # 3. The member registers in their own browser.
        them = audited_page(member_context)
        them.visit(meeting_path)
        with them.navigation():
            them.page.get_by_role("button", name="Register").click()
        expect(them.page.get_by_role("status")).to_contain_text("You are registered")
        expect(
            them.page.get_by_role("region", name="Registrations per constituency")
        ).to_contain_text("Trade unions")

        # 4. The meeting is held: the secretariat keeps the attendance log.
        sec.reload()
        expect(page.get_by_role("alert")).to_have_count(0)
        with sec.navigation():
            page.get_by_role("link", name="Record attendance").click()
        expect(page.get_by_label("Inès Dubois – Trade unions (Registered)")).to_be_checked()
        sec.snapshot("attendance")
        with sec.navigation():
            page.get_by_role("button", name="Save attendance and mark held").click()
        # The meeting is dated in 2031: the secretariat is asked first.
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Mark Review meeting on progress held?"
        )
        expect(page.get_by_role("main")).to_contain_text("in the future")
        with sec.navigation():
            page.get_by_role("button", name="Save attendance and mark held").click()
        expect(page.get_by_role("main")).to_contain_text("Held")
        sec.snapshot("meeting-held")

        # 5. Minutes are written, published and circulated to every member.
        with sec.navigation():
            page.get_by_role("link", name="Write minutes").click()
        page.get_by_label("Kind").select_option(label="Summary note")
        page.get_by_label("Text").fill(
            "## Present\n\nThe Forum **reviewed progress** on its recommendations."
        )
        with sec.navigation():
            page.get_by_role("button", name="Save draft").click()
        with sec.navigation():
            page.get_by_role("link", name="Publish minutes").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Publish the minutes")
        expect(page.get_by_role("main")).to_contain_text("in the future")
        with sec.navigation():
            page.get_by_role("button", name="Publish and circulate").click()
        expect(page.get_by_role("status")).to_contain_text("circulated to all members")
        sec.snapshot("minutes-published")
        circulated = sorted(m.to[0] for m in mail.outbox if m.subject.startswith("Summary note"))
        assert circulated == ["ines@example.org", "oskar@example.org"]

        # 6. An action item is agreed; it carries over to the next meeting's agenda.
        with sec.navigation():
            page.get_by_role("link", name="Add action item").click()
        page.get_by_label("Action").fill("Circulate the register of CSR activities")
        page.get_by_label("Owner").select_option(label="Inès Dubois")
        page.get_by_label("Due date").fill("2031-11-30")
        with sec.navigation():
            page.get_by_role("button", name="Add action item").click()
        told = [m.to for m in mail.outbox if m.subject.startswith("Action item for you")]
        assert told == [["ines@example.org"]]
        with sec.navigation():
            page.get_by_role("link", name=body.name).first.click()
        _schedule(page, sec, "Next review meeting", "2031-12-15T10:00", "2031-12-15T12:00")
        carried = page.locator("#carried-over")
        expect(carried).to_contain_text("Circulate the register of CSR activities")
        expect(carried).to_contain_text("Inès Dubois")
        sec.snapshot("next-meeting")

        # 7. The member sees the published summary note.
        them.visit(meeting_path)
        minutes = them.page.get_by_role("region", name="Minutes")
        expect(minutes).to_contain_text("reviewed progress")
        expect(minutes.get_by_role("heading", level=3, name="Present")).to_be_visible()
        them.snapshot("member-reads-minutes")
    finally:
        sec_context.close()
        member_context.close()


@pytest.mark.django_db(transaction=True)
def test_every_other_forum_page_passes_axe(
    browser: Browser, base_url: str, audited_page, secretariat, page
):
    """The pages the journey does not pass through, as the secretariat sees them (with every
    control shown) and, for public ones, as an anonymous visitor."""
    lab = Body.objects.create(
        name="Laboratory on skills",
        kind=BodyKind.LABORATORY,
        # Another transactional test may have flushed the vocabularies the migrations loaded.
        theme=Theme.objects.get_or_create(
            slug="skills-employability", defaults={"name": "Skills for employability"}
        )[0],
    )
    person = UserFactory(email="ines@example.org", name="Inès Dubois")
    member = MemberFactory(body=lab, user=person, constituency=Constituency.CIVIL_SOCIETY)
    meeting = services.meeting_schedule(
        body=lab,
        by=secretariat,
        title="Laboratory meeting",
        starts_at=timezone.now() + timedelta(days=5),
        ends_at=timezone.now() + timedelta(days=5, hours=2),
        time_zone="America/New_York",
        place="Online",
        visibility="public",
    )
    item = services.agenda_item_add(meeting=meeting, by=secretariat, title="Skills audit")
    document = services.document_upload(
        meeting=meeting,
        by=secretariat,
        title="Skills audit template",
        upload=SimpleUploadedFile("template.pdf", b"%PDF-1.4"),
        agenda_item=item,
    )
    services.document_version_add(
        document=document, by=secretariat, upload=SimpleUploadedFile("t2.pdf", b"%PDF-1.5")
    )
    services.registration_register(meeting=meeting, user=person)
    minutes = services.minutes_save(meeting=meeting, by=secretariat, kind="minutes", text="Met.")
    services.minutes_publish(minutes=minutes, by=secretariat, confirm_future=True)
    services.action_item_add(
        meeting=meeting,
        by=secretariat,
        title="Share the template",
        owner=person,
        due_date=date(2020, 1, 1),
    )
    recommendation = services.recommendation_create(
        body=lab,
        by=secretariat,
        reference="R1",
        title="Skills",
        text="More training.",
        raised_by=[member],
    )
    services.recommendation_review(
        recommendation=recommendation, by=secretariat, meeting=meeting, status="accepted"
    )
    services.recommendation_respond(
        recommendation=recommendation, by=secretariat, response="Agreed."
    )
    assert Recommendation.objects.count() == 1
    services.member_invite(
        body=lab,
        by=secretariat,
        email=secretariat.email,
        organisation_name="Secretariat of the Forum",
        constituency=Constituency.FACILITATOR,
        role=MemberRole.SECRETARIAT,
    )
    # Sent at once (tasks run eagerly here); the outbox row no longer holds the link.
    invitation = next(m.body for m in reversed(mail.outbox) if m.to == [secretariat.email])
    join = re.search(r"/forum/join/[^/\s]+/", invitation)[0]

    context = signed_in(browser, base_url, secretariat)
    try:
        sec = audited_page(context)
        for path in [
            reverse("forum:index"),
            reverse("forum:meetings"),
            reverse("forum:meetings") + "?when=upcoming&status=planned",
            lab.get_absolute_url(),
            reverse("forum:members", args=[lab.slug]),
            reverse("forum:member_edit", args=[lab.slug, member.uid]),
            reverse("forum:member_end", args=[lab.slug, member.uid]),
            reverse("forum:actions", args=[lab.slug]),
            reverse("forum:actions", args=[lab.slug]) + "?show=all",
            reverse("forum:recommendations", args=[lab.slug]),
            recommendation.get_absolute_url(),
            reverse("forum:recommendation_create", args=[lab.slug]),
            reverse("forum:recommendation_review", args=[recommendation.uid]),
            reverse("forum:recommendation_respond", args=[recommendation.uid]),
            reverse("forum:body_create"),
            reverse("forum:body_edit", args=[lab.slug]),
            reverse("forum:series_create", args=[lab.slug]),
            meeting.get_absolute_url(),
            reverse("forum:meeting_edit", args=[meeting.uid]),
            reverse("forum:meeting_cancel", args=[meeting.uid]),
            reverse("forum:agenda_edit", args=[item.uid]),
            reverse("forum:agenda_delete", args=[item.uid]),
            reverse("forum:document_version_add", args=[document.uid]),
            reverse("forum:minutes_reopen", args=[meeting.uid]),
            reverse("forum:me"),
            join,
        ]:
            sec.visit(path)
        # A bad form shows its errors accessibly too.
        sec.visit(reverse("forum:meeting_create", args=[lab.slug]))
        with sec.navigation():
            sec.page.get_by_role("button", name="Schedule meeting").click()
        expect(sec.page.locator(".errorlist").first).to_be_visible()
    finally:
        context.close()

    anonymous = audited_page(page)
    anonymous.visit(meeting.get_absolute_url())
    expect(page.get_by_role("main")).to_contain_text("in your time zone (Europe/Brussels)")
    anonymous.visit(recommendation.get_absolute_url())
    anonymous.visit(reverse("forum:recommendations", args=[lab.slug]))
    anonymous.visit(lab.get_absolute_url())
