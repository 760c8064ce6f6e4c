"""The initiatives register in the real Chromium, with axe and the layout check on every page,
at a phone's width and a laptop's: an organisation registers an initiative, asks a partner to
confirm, the partner's administrator confirms on its organisation's page, the initiative is
published, and the public register shows it with the partner named."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from accounts.models import Role
from alliance.services import activity_areas_load, coalitions_load
from initiatives.models import Initiative, PartnerState
from taxonomy.models import Theme
from taxonomy.services import vocabularies_load
from tests.browser.conftest import WIDTHS, context_args
from tests.browser.sessions import signed_in
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", WIDTHS)
def test_an_organisation_publishes_an_initiative_with_a_confirmed_partner(
    browser: Browser, base_url: str, audited_page, width: int
):
    if not Theme.objects.exists():
        # Another transactional test flushed what the migrations loaded.
        vocabularies_load()
        activity_areas_load()
        coalitions_load()
    owner = OrganisationFactory(name="Vandenberghe Machine Tools")
    alice = UserFactory(email="alice@example.org", name="Alice Vandenberghe")
    MembershipFactory(user=alice, organisation=owner, role=Role.ADMIN)
    partner = OrganisationFactory(name="Machine Tool Makers' Association")
    emile = UserFactory(email="emile@example.org", name="Émile Peeters")
    MembershipFactory(user=emile, organisation=partner, role=Role.ADMIN)

    alice_context = signed_in(browser, base_url, alice, **context_args(width))
    emile_context = signed_in(browser, base_url, emile, **context_args(width))
    anonymous_context = browser.new_context(**context_args(width))
    try:
        audited = audited_page(alice_context)
        page = audited.page

        # 1. From her organisation's page to the register form.
        audited.visit(owner.get_absolute_url())
        with audited.navigation():
            page.get_by_role("link", name="Register an initiative").click()
        page.get_by_label("Title").fill("Safe hands: health and safety coaching")
        page.get_by_label("Description").fill(
            "Team leaders learn to spot risks **before** they become accidents."
        )
        page.get_by_label("Status").select_option(label="Ongoing")
        page.get_by_label("Working conditions", exact=True).first.check()
        page.get_by_label("Countries").select_option(["BE"])
        with audited.navigation():
            page.get_by_role("button", name="Register", exact=True).click()
        initiative = Initiative.objects.get()
        assert audited.path == initiative.get_absolute_url()
        expect(page.get_by_role("main")).to_contain_text("Only your organisation sees it")

        # 2. She asks the association to confirm; it is not named yet.
        page.get_by_label("Partner organisation").fill("Machine Tool Makers' Association")
        with audited.navigation():
            page.get_by_role("button", name="Ask to confirm").click()
        expect(page.get_by_role("main")).to_contain_text("Asked, not yet confirmed")

        # 3. The association's administrator confirms on its organisation's page.
        partner_page = audited_page(emile_context)
        partner_page.visit(partner.get_absolute_url())
        expect(partner_page.page.get_by_role("main")).to_contain_text(
            "1 initiative asks you to confirm that you are a partner."
        )
        with partner_page.navigation():
            partner_page.page.get_by_role("link", name="Answer").click()
        expect(partner_page.page.get_by_role("main")).to_contain_text(
            "Vandenberghe Machine Tools asks you to confirm"
        )
        with partner_page.navigation():
            partner_page.page.get_by_role("button", name="Confirm").click()
        expect(partner_page.page.get_by_role("main")).to_contain_text("you confirmed")
        assert initiative.partners.get().state == PartnerState.CONFIRMED

        # 4. She publishes it.
        audited.reload()
        with audited.navigation():
            page.get_by_role("button", name="Publish").click()
        expect(page.get_by_role("main")).to_contain_text("Everyone can find this initiative")

        # 5. Anyone finds it in the register, with the partner named, and opens it.
        visitor = audited_page(anonymous_context)
        visitor.visit("/initiatives/")
        main = visitor.page.get_by_role("main")
        expect(main).to_contain_text("Safe hands: health and safety coaching")
        expect(main).to_contain_text("Machine Tool Makers' Association")
        visitor.page.get_by_label("Country").select_option(label="Belgium (1)")
        with visitor.navigation():
            visitor.page.get_by_role("button", name="Apply filters").click()
        expect(main).to_contain_text("1 initiative")
        with visitor.navigation():
            visitor.page.get_by_role("link", name="Safe hands: health and safety coaching").click()
        expect(visitor.page.get_by_role("main")).to_contain_text("Machine Tool Makers' Association")
        expect(visitor.page.locator("main strong")).to_have_text("before")
    finally:
        alice_context.close()
        emile_context.close()
        anonymous_context.close()
