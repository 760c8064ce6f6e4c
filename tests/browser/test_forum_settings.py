"""The forum body member's journey in the real Chromium, at a phone's width and a laptop's: from
"Your portal" to the next meeting, registering, their digest and time-zone settings, and marking
their action item done (screenshots under var/screenshots/member/<width>/). Then the forum's
pickers and calendar feed: the time-zone picker with common zones first, reminders ticked in
weeks, days and hours, and the feed's webcal: link and copy button (and the page without
JavaScript). Every page is audited with axe and checked for cut-off text (conftest.py)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, expect

from forum import services
from forum.models import (
    ActionItem,
    Body,
    BodyKind,
    Constituency,
    Meeting,
    MemberPreferences,
    Registration,
)
from tests.browser.conftest import WIDTHS, context_args
from tests.browser.sessions import signed_in
from tests.factories import UserFactory
from tests.forum.factories import MeetingFactory, MemberFactory


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", WIDTHS)
def test_member_journey(browser: Browser, base_url: str, audited_page, width: int):
    body = Body.objects.create(name="European Multistakeholder Forum on CSR", kind=BodyKind.FORUM)
    member = UserFactory(email="ines@example.org", name="Inès Dubois")
    MemberFactory(body=body, user=member, constituency=Constituency.CIVIL_SOCIETY)
    meeting = MeetingFactory(body=body, title="Supply chain due diligence in practice")
    past = MeetingFactory(
        body=body,
        title="Kick-off of the laboratory",
        starts_at=timezone.now() - timedelta(days=20),
    )
    item = ActionItem.objects.create(
        body=body,
        meeting=past,
        title="Share our supplier questionnaire with the laboratory",
        owner=member,
        due_date=date.today() + timedelta(days=5),
    )
    context = signed_in(browser, base_url, member, **context_args(width))
    try:
        them = audited_page(context)
        page = them.page

        # 1. "Your portal" shows the next meeting of their body and their open action item.
        them.visit("/start/")
        meetings = page.get_by_role("region", name="Your next meetings")
        expect(meetings).to_contain_text(meeting.title)
        expect(page.get_by_role("region", name="Your open action items")).to_contain_text(
            item.title
        )
        them.snapshot("your-portal")

        # 2. They open the meeting and register.
        with them.navigation():
            meetings.get_by_role("link", name=meeting.title).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(meeting.title)
        them.snapshot("meeting")
        with them.navigation():
            page.get_by_role("button", name="Register").click()
        expect(page.get_by_role("status")).to_contain_text("You are registered for this meeting.")
        assert Registration.objects.get(meeting=meeting, user=member).status == "registered"
        them.snapshot("registered")

        # 3. Their settings: a weekly digest in their own time zone.
        them.visit("/start/")
        with them.navigation():
            page.get_by_role("link", name="Your forum settings and calendar").click()
        expect(page).to_have_url(re.compile(r"/forum/me/$"))
        expect(page.get_by_role("region", name="Your bodies")).to_contain_text(body.name)
        page.get_by_role("radio", name="Weekly").check()
        page.get_by_role("combobox", name="Time zone").select_option("Europe/Lisbon")
        with them.navigation():
            page.get_by_role("button", name="Save settings").click()
        messages = page.locator(".messages")
        expect(messages).to_contain_text("Your forum settings were saved.")
        preferences = MemberPreferences.objects.get(user=member)
        assert (preferences.digest_frequency, preferences.time_zone) == ("weekly", "Europe/Lisbon")
        them.snapshot("settings")

        # 4. They report their action item done.
        actions = page.get_by_role("region", name="Your open action items")
        with them.navigation():
            actions.get_by_role("button", name=f"Mark done {item.title}").click()
        expect(page).to_have_url(re.compile(r"/forum/me/$"))
        expect(messages).to_contain_text(f"“{item.title}” is done.")
        expect(actions).to_contain_text("You have no open action items.")
        item.refresh_from_db()
        assert item.is_done
        them.snapshot("action-done")
    finally:
        context.close()


@pytest.mark.django_db(transaction=True)
def test_settings_feed_and_reminders(browser: Browser, base_url: str, audited_page, secretariat):
    body = Body.objects.create(name="European Multistakeholder Forum on CSR", kind=BodyKind.FORUM)
    member = UserFactory(email="ines@example.org", name="Inès Dubois")
    MemberFactory(body=body, user=member)
    MemberPreferences.objects.filter(user=member).update(time_zone="Europe/Kiev")
    meeting = MeetingFactory(
        body=body,
        starts_at=timezone.now() + timedelta(days=20),
        ends_at=timezone.now() + timedelta(days=20, hours=2),
        reminder_hours=[168, 30],
    )
    feed = base_url + reverse("forum:feed", args=[services.preferences_for(member).feed_token])

    context = signed_in(browser, base_url, member)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    sec_context = signed_in(browser, base_url, secretariat)
    try:
        them = audited_page(context)
        page = them.page
        them.visit(reverse("forum:me"))

        # The feed: subscribe with webcal:, or copy the address with the button.
        subscribe = page.get_by_role("link", name="Subscribe in your calendar app")
        expect(subscribe).to_have_attribute("href", feed.replace("http://", "webcal://", 1))
        expect(page.get_by_label("Feed address")).to_have_value(feed)
        page.get_by_role("button", name="Copy address").click()
        expect(page.get_by_role("status").filter(has_text="Address copied.")).to_be_visible()
        assert page.evaluate("navigator.clipboard.readText()") == feed
        expect(page.get_by_role("main")).to_contain_text("Subscribe from web")

        # The zone stored under an old alias shows as its zone; common zones come first.
        zone = page.get_by_role("combobox", name="Time zone")
        expect(zone).to_have_value("Europe/Kyiv")
        expect(zone.locator("optgroup").first).to_have_attribute("label", "Common time zones")
        zone.select_option("Europe/Lisbon")
        with them.navigation():
            page.get_by_role("button", name="Save settings").click()
        assert MemberPreferences.objects.get(user=member).time_zone == "Europe/Lisbon"

        # Reminders: a time stored earlier stays ticked beside the common ones.
        sec = audited_page(sec_context)
        sec.visit(reverse("forum:meeting_edit", args=[meeting.uid]))
        form = sec.page
        expect(form.get_by_label("1 day and 6 hours before")).to_be_checked()
        form.get_by_label("1 week before").uncheck()
        form.get_by_label("2 hours before", exact=True).check()
        form.get_by_label("Another reminder, days before").fill("3")
        with sec.navigation():
            form.get_by_role("button", name="Save meeting").click()
        meeting.refresh_from_db()
        assert meeting.reminder_hours == [72, 30, 2]

        # A bad reminder is an error on the page, accessible too.
        sec.visit(reverse("forum:meeting_edit", args=[meeting.uid]))
        form.get_by_label("Another reminder, hours before").fill("0")
        form.get_by_label("Another reminder, days before").fill("0")
        with sec.navigation():
            form.get_by_role("button", name="Save meeting").click()
        expect(form.get_by_role("alert")).to_contain_text("between 1 hour and 60 days")
        assert Meeting.objects.get(pk=meeting.pk).reminder_hours == [72, 30, 2]
    finally:
        context.close()
        sec_context.close()


@pytest.mark.django_db(transaction=True)
def test_feed_address_without_javascript(browser: Browser, base_url: str):
    member = UserFactory(email="ines@example.org", name="Inès Dubois")
    client = Client()
    client.force_login(member)
    context = browser.new_context(java_script_enabled=False)
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
        page = context.new_page()
        page.goto(base_url + reverse("forum:me"))
        expect(page.get_by_label("Feed address")).to_be_visible()
        expect(page.get_by_role("button", name="Copy address")).to_have_count(0)
        expect(page.get_by_role("link", name="Subscribe in your calendar app")).to_be_visible()
    finally:
        context.close()
