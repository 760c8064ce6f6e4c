"""Who declares support, in the real Chromium: an NGO's administrator finds out why the NGO does
not declare and where it takes part instead; the same person, administrator of an enterprise
too, declares its support. At phone and desktop width, every page audited with axe."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, expect

from accounts.models import OrganisationKind, Role
from alliance.models import SupportDeclaration
from tests.browser.sessions import signed_in
from tests.factories import MembershipFactory, OrganisationFactory

NGO = "Clean Rivers Watch"
ENTERPRISE = "GreenBolt Fasteners"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [390, 1280])
def test_an_ngo_is_told_why_and_an_enterprise_declares(
    browser: Browser, base_url: str, audited_page, charlie, width
):
    ngo = OrganisationFactory(name=NGO, kind=OrganisationKind.NGO)
    enterprise = OrganisationFactory(name=ENTERPRISE, kind=OrganisationKind.ENTERPRISE)
    for organisation in (ngo, enterprise):
        MembershipFactory(user=charlie, organisation=organisation, role=Role.ADMIN)
    ngo_support = reverse("alliance:support", args=[ngo.slug])
    enterprise_support = reverse("alliance:support", args=[enterprise.slug])
    context = signed_in(browser, base_url, charlie)
    context.set_default_timeout(10_000)
    try:
        visitor = audited_page(context)
        page = visitor.page
        page.set_viewport_size({"width": width, "height": 900})
        main = page.get_by_role("main")

        # The NGO's page: no "Declare support" lead; its panel says why in one line.
        visitor.visit(ngo.get_absolute_url())
        expect(
            page.get_by_role("region", name="Support the European Alliance for CSR")
        ).to_have_count(0)
        panel = page.get_by_role("region", name="European Alliance for CSR", exact=True)
        expect(panel).to_contain_text("The Alliance is a call to enterprises")
        with visitor.navigation():
            panel.get_by_role("link", name="How your organisation takes part").click()
        expect(page).to_have_url(re.compile(re.escape(ngo_support) + "$"))

        # Its support page: why, in plain words, and where it takes part instead.
        why = page.get_by_role("region", name=f"Why {NGO} does not declare support")
        expect(why).to_contain_text(
            "Only enterprises and business or sector associations declare support"
        )
        expect(why).to_contain_text("The Alliance is a call to European enterprises")
        expect(why).to_contain_text("NGO or civil society organisation")
        instead = page.get_by_role("region", name="Where your organisation takes part")
        expect(instead.get_by_role("link", name="The open coalitions")).to_have_attribute(
            "href", reverse("alliance:coalitions")
        )
        expect(instead.get_by_role("link", name="The Multistakeholder Forum")).to_have_attribute(
            "href", reverse("forum:index")
        )
        expect(main.get_by_role("button", name="Declare support")).to_have_count(0)
        stored = page.get_by_role("region", name="What the portal stores")
        expect(stored).to_contain_text("It does not record which person declared.")
        expect(stored).to_contain_text("staff included")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        visitor.snapshot("ngo-support")

        with visitor.navigation():
            instead.get_by_role("link", name="The open coalitions").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Open coalitions of cooperation")

        # The enterprise's page leads with declaring; one step declares.
        visitor.visit(enterprise.get_absolute_url())
        lead = page.get_by_role("region", name="Support the European Alliance for CSR")
        with visitor.navigation():
            lead.get_by_role("link", name="Declare support").click()
        expect(page).to_have_url(re.compile(re.escape(enterprise_support) + "$"))
        expect(page.get_by_role("region", name="What the portal stores")).to_contain_text(
            "Withdrawing deletes the declaration"
        )
        page.get_by_role("checkbox", name="Working conditions").check()
        with visitor.navigation():
            main.get_by_role("button", name="Declare support").click()
        expect(page.get_by_role("status")).to_contain_text(
            f"Thank you: {ENTERPRISE} now supports the Alliance."
        )
        expect(main).to_contain_text(f"{ENTERPRISE} has supported the Alliance since")
        assert SupportDeclaration.objects.filter(organisation=enterprise).exists()
        assert not SupportDeclaration.objects.filter(organisation=ngo).exists()

        assert visitor.audited == [
            ngo.get_absolute_url(),
            ngo_support,
            reverse("alliance:coalitions"),
            enterprise.get_absolute_url(),
            enterprise_support,
            enterprise_support,  # declared
        ]
    finally:
        context.close()
