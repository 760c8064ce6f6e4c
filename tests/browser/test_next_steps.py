"""A new person signs up, confirms the address and lands on "Your portal" with the "Next steps"
checklist; a new enterprise's page leads with declaring support; allauth's pages in the
portal's layout. At phone and desktop width, every page audited with axe and no horizontal
scrolling."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Browser, expect

from accounts.models import OrganisationKind, Role
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [390, 1280])
def test_sign_up_and_follow_the_next_steps(browser: Browser, base_url: str, audited_page, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        visitor = audited_page(context)
        page = visitor.page

        visitor.visit("/accounts/signup/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")
        page.get_by_label("Email address").fill("new@example.org")
        page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
        page.get_by_label("Password again").fill(PASSWORD)
        with visitor.navigation():
            page.get_by_role("main").get_by_role("button", name="Create an account").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your email address")

        link = re.search(r"https?://\S+(/accounts/confirm-email/\S+/)", mail.outbox[-1].body)
        assert link
        visitor.visit(link.group(1))
        with visitor.navigation():
            page.get_by_role("button", name="Confirm").click()
        expect(page).to_have_url(re.compile(r"/start/$"))
        steps = page.get_by_role("region", name="Next steps", exact=True)
        expect(steps).to_contain_text("0 of 2 done.")
        expect(steps.get_by_role("link", name="Create or join an organisation")).to_be_visible()
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    finally:
        context.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [390, 1280])
def test_a_new_enterprise_leads_with_declaring_support(
    browser: Browser, base_url: str, audited_page, charlie, width
):
    from tests.browser.sessions import signed_in

    enterprise = OrganisationFactory(name="GreenBolt Fasteners", kind=OrganisationKind.ENTERPRISE)
    MembershipFactory(user=charlie, organisation=enterprise, role=Role.ADMIN)
    context = signed_in(browser, base_url, charlie)
    context.set_default_timeout(10_000)
    page_size = {"width": width, "height": 900}
    try:
        visitor = audited_page(context)
        page = visitor.page
        page.set_viewport_size(page_size)

        visitor.visit("/start/")
        steps = page.get_by_role("region", name="Next steps", exact=True)
        expect(steps).to_contain_text("1 of 5 done.")
        expect(steps).to_contain_text("Done")

        visitor.visit(enterprise.get_absolute_url())
        lead = page.get_by_role("region", name="Support the European Alliance for CSR")
        expect(lead.get_by_role("link", name="Declare support")).to_be_visible()
        with visitor.navigation():
            lead.get_by_role("link", name="Declare support").click()
        expect(page).to_have_url(re.compile(r"/support/$"))
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width

        visitor.visit("/accounts/2fa/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Two-step sign-in")
    finally:
        context.close()
