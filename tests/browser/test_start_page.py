"""A member follows an email link to a members-only meeting while signed out: the 404 offers to
sign in and brings them back; "Your portal" then shows every block, and the language links
work signed in as they do signed out. At phone and desktop width, every page audited with axe
and no horizontal scrolling."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import Browser, expect

from forum.models import SECRETARIAT_GROUP, ActionItem, Constituency, Registration
from tests.factories import PASSWORD
from tests.forum.factories import BodyFactory, MeetingFactory, MemberFactory

BLOCKS = (
    "Your next meetings",
    "Your open action items",
    "Progress reports due",
    "Your saved searches",
    "Next steps",
    "Forum secretariat",
)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [390, 1280])
def test_sign_in_from_a_404_and_find_your_portal(
    browser: Browser, base_url: str, audited_page, alice, width
) -> None:
    alice.groups.add(Group.objects.get_or_create(name=SECRETARIAT_GROUP)[0])
    body = BodyFactory(name="Review group on supply chains")
    MemberFactory(body=body, user=alice)
    meeting = MeetingFactory(body=body, title="Supply chain review")
    Registration.objects.create(
        meeting=meeting, user=alice, status="registered", constituency=Constituency.BUSINESS
    )
    past = MeetingFactory(body=body, title="Spring review", starts_at=timezone.now() - timedelta(7))
    ActionItem.objects.create(
        body=body, meeting=past, title="Send the survey", owner=alice, due_date=date.today()
    )
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        visitor = audited_page(context)
        page = visitor.page

        visitor.visit(meeting.get_absolute_url(), status=404)
        expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
        with visitor.navigation():
            page.get_by_role("link", name="Sign in to see this page if you have access").click()
        page.get_by_label("Email address").fill(alice.email)
        page.get_by_label("Password").fill(PASSWORD)
        with visitor.navigation():
            page.get_by_role("main").get_by_role("button", name="Sign in").click()
        expect(page).to_have_url(re.compile(re.escape(meeting.get_absolute_url()) + "$"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Supply chain review")

        with visitor.navigation():
            page.get_by_role("link", name="Your portal").click()
        expect(page).to_have_url(re.compile(r"/start/$"))
        for heading in BLOCKS:
            expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        # While the checklist shows, the organisations' next steps are not repeated.
        expect(
            page.get_by_role("heading", name="Your organisations' next steps", exact=True)
        ).to_have_count(0)
        main = page.get_by_role("main")
        expect(main).to_contain_text("Supply chain review")
        expect(main).to_contain_text("Send the survey")
        expect(main).to_contain_text("Spring review")  # minutes to publish
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width

        with visitor.navigation():
            page.get_by_role("navigation", name="Language").get_by_role(
                "link", name="Nederlands"
            ).click()
        expect(page).to_have_url(re.compile(r"/nl/start/$"))
        expect(page.locator("html")).to_have_attribute("lang", "nl")
    finally:
        context.close()
