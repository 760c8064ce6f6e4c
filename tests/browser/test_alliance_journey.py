"""The Alliance journey in the real Chromium: an administrator declares support, changes the
priority areas, publishes the CSR profile, makes it private again, downloads the badge and
withdraws; at each step an outsider (a member of another organisation) and an anonymous visitor
check what they can see. Every page is audited with axe (see conftest.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from django.utils import formats, timezone, translation
from playwright.sync_api import Browser, Page, expect

from accounts.models import Organisation, User
from alliance.models import SupportDeclaration
from releases.services import release_publish
from tests.browser.sessions import signed_in
from tests.factories import PASSWORD

ORGANISATION = "Organisation A"
STATEMENT = "We want to buy more from local suppliers."
SUPPORT_SENTENCE = "We support the European Alliance for CSR."
STRATEGY = (
    "We buy **local** first.\n\n"
    "<script>window.profileScriptRan = true;</script>\n\n"
    "- Fair contracts\n- Short supply chains"
)
NO_PROFILES = "No organisation has published a profile yet."


def _sign_in(visitor, email: str) -> None:
    page = visitor.page
    visitor.visit("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    with visitor.navigation():
        page.get_by_role("main").get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/start/$"))


def _date_of_declaration(organisation: Organisation) -> str:
    """The declaration's date as the English pages show it."""
    declared_at = SupportDeclaration.objects.get(organisation=organisation).declared_at
    with translation.override("en"):
        return formats.date_format(timezone.localtime(declared_at), "DATE_FORMAT")


def _panel_link(visitor, link: str) -> None:
    """From a page that links to the organisation, its page, then a link of its Alliance panel."""
    with visitor.navigation():
        visitor.page.get_by_role("main").get_by_role("link", name=ORGANISATION, exact=True).click()
    with visitor.navigation():
        visitor.page.get_by_role(
            "region", name="European Alliance for CSR", exact=True
        ).get_by_role("link", name=link).click()


def test_alliance_journey(
    page: Page, browser: Browser, base_url: str, audited_page, alice: User, bob: User
) -> None:
    organisation = Organisation.objects.get(name=ORGANISATION)
    slug = organisation.slug
    organisation_path = f"/organisations/{slug}/"
    support_path = f"/alliance/organisations/{slug}/support/"
    badge_path = f"{support_path}badge.svg"
    profile_edit_path = f"/alliance/organisations/{slug}/profile/"
    profile_path = f"/alliance/profiles/{slug}/"

    admin = audited_page(page)
    main = page.get_by_role("main")
    status = page.get_by_role("status")
    outsider_context = signed_in(browser, base_url, bob)
    anonymous_context = browser.new_context()
    try:
        outsider = audited_page(outsider_context)
        anonymous = audited_page(anonymous_context)
        anonymous_main = anonymous.page.get_by_role("main")

        # 1. alice signs in: "Your portal" lists declaring support among her next steps (the
        # checklist, in place of the organisations' next steps while it shows). She opens her
        # organisation from "Your account" and declares support from its panel.
        _sign_in(admin, alice.email)
        steps = page.get_by_role("region", name="Next steps", exact=True)
        expect(
            steps.get_by_role("link", name="Declare your enterprise's support for the Alliance")
        ).to_have_attribute("href", support_path)
        expect(page.get_by_role("region", name="Your organisations' next steps")).to_have_count(0)
        with admin.navigation():
            page.get_by_role("navigation", name="Your account").get_by_role(
                "link", name="Your account"
            ).click()
        with admin.navigation():
            page.get_by_role("region", name="Your organisations", exact=True).get_by_role(
                "link", name=ORGANISATION
            ).click()
        expect(page).to_have_url(re.compile(re.escape(organisation_path) + "$"))
        panel = page.get_by_role("region", name="European Alliance for CSR", exact=True)
        expect(panel).to_contain_text("Your organisation has not declared its support.")
        with admin.navigation():
            panel.get_by_role("link", name="Declare support").click()
        expect(page).to_have_url(re.compile(re.escape(support_path) + "$"))
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Support for the European Alliance for CSR"
        )
        page.get_by_label("Statement of intent (optional)").fill(STATEMENT)
        page.get_by_role("checkbox", name="Helping SMEs flourish and grow").check()
        page.get_by_role("checkbox", name="Working conditions").check()
        with admin.navigation():
            page.get_by_role("button", name="Declare support").click()
        expect(page).to_have_url(re.compile(re.escape(support_path) + "$"))
        expect(status).to_contain_text(f"Thank you: {ORGANISATION} now supports the Alliance.")
        since = _date_of_declaration(organisation)
        declaration = main.locator(".card").first
        expect(declaration).to_contain_text(
            f"{ORGANISATION} has supported the Alliance since {since}."
        )
        expect(declaration.locator("blockquote")).to_have_text(STATEMENT)
        expect(declaration.get_by_role("listitem")).to_have_text(
            ["Helping SMEs flourish and grow", "Working conditions"]
        )

        # 2. Outsiders: bob's organisation is another one, so alice's pages do not exist for
        # him; the public figures and directories name nobody.
        outsider.visit(organisation_path, status=404)
        expect(outsider.page.get_by_role("heading", level=1)).to_have_text("Page not found")
        outsider.visit(support_path, status=404)
        outsider.visit(badge_path, status=404)
        outsider.visit(profile_edit_path, status=404)
        expect(outsider.page.get_by_role("main")).not_to_contain_text(ORGANISATION)

        anonymous.visit(support_path)  # signed out: the login form, nothing of the page
        expect(anonymous.page).to_have_url(re.compile(r"/accounts/login/\?next="))
        expect(anonymous_main).not_to_contain_text(ORGANISATION)

        release_publish()
        anonymous.visit("/alliance/statistics/")
        expect(anonymous.page.get_by_role("heading", level=1)).to_have_text(
            "The Alliance in figures"
        )
        # The figure itself carries noise: the page says so rather than showing a count.
        expect(anonymous_main).to_contain_text("organisations support the Alliance today")
        expect(anonymous_main).to_contain_text("approximate by design")
        expect(anonymous_main).not_to_contain_text(ORGANISATION)
        response = anonymous_context.request.get(base_url + "/alliance/statistics.json")
        assert response.status == 200, response.status
        figures = response.json()
        assert figures["epsilon"] > 0 and figures["released_at"], figures
        raw = json.dumps(figures)
        assert ORGANISATION not in raw and slug not in raw, raw

        anonymous.visit("/alliance/profiles/")
        expect(anonymous_main).to_contain_text(NO_PROFILES)
        anonymous.visit("/alliance/coalitions/")
        expect(anonymous_main).not_to_contain_text(ORGANISATION)
        with anonymous.navigation():
            anonymous_main.get_by_role("link", name="Working conditions").click()
        expect(anonymous.page).to_have_url(re.compile(r"/alliance/coalitions/working-conditions/$"))
        expect(anonymous_main).not_to_contain_text(ORGANISATION)

        # 3. alice swaps one priority area for another.
        change = page.get_by_role("button", name="Save")
        expect(page.get_by_role("checkbox", name="Helping SMEs flourish and grow")).to_be_checked()
        page.get_by_role("checkbox", name="Helping SMEs flourish and grow").uncheck()
        page.get_by_role("checkbox", name="Responsible supply chains").check()
        with admin.navigation():
            change.click()
        expect(status).to_contain_text("Your priority areas were saved.")
        expect(declaration.get_by_role("listitem")).to_have_text(
            ["Responsible supply chains", "Working conditions"]
        )
        expect(declaration.locator("blockquote")).to_have_text(STATEMENT)
        expect(page.get_by_role("checkbox", name="Responsible supply chains")).to_be_checked()
        expect(
            page.get_by_role("checkbox", name="Helping SMEs flourish and grow")
        ).not_to_be_checked()

        # 4. alice writes her CSR profile, says she supports the Alliance, and publishes it.
        with admin.navigation():
            main.get_by_role("link", name=ORGANISATION, exact=True).click()
        expect(panel).to_contain_text(
            f"Your organisation has supported the Alliance since {since}."
        )
        expect(panel).to_contain_text("Your CSR profile is private.")
        with admin.navigation():
            panel.get_by_role("link", name="Your CSR profile").click()
        expect(page).to_have_url(re.compile(re.escape(profile_edit_path) + "$"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Your CSR profile")
        page.get_by_label("CSR strategy").fill(STRATEGY)
        page.get_by_role(
            "checkbox", name="Say on this profile that we support the Alliance"
        ).check()
        with admin.navigation():
            page.get_by_role("button", name="Save profile").click()
        expect(status).to_contain_text("Your profile was saved.")
        expect(main).to_contain_text(
            "Your profile is private: nobody outside your organisation can see it."
        )
        expect(page.get_by_label("CSR strategy")).to_have_value(STRATEGY)
        with admin.navigation():
            page.get_by_role("button", name="Publish the profile").click()
        expect(status).to_contain_text("Your profile is public now.")
        expect(main.get_by_role("link", name="See it as others do")).to_have_attribute(
            "href", profile_path
        )

        anonymous.visit(profile_path)
        expect(anonymous.page.get_by_role("heading", level=1)).to_have_text(ORGANISATION)
        expect(anonymous_main).to_contain_text(SUPPORT_SENTENCE)
        expect(anonymous_main.locator("strong")).to_have_text("local")
        expect(anonymous_main).not_to_contain_text("**local**")
        expect(anonymous_main.get_by_role("listitem")).to_have_text(
            ["Fair contracts", "Short supply chains"]
        )
        expect(anonymous_main.locator("script")).to_have_count(0)
        assert anonymous.page.evaluate("() => window.profileScriptRan") is None
        anonymous.visit("/alliance/profiles/")
        directory = anonymous_main.get_by_role("link", name=ORGANISATION)
        expect(directory).to_have_attribute("href", profile_path)

        # 5. alice makes the profile private again: it is gone for everyone else.
        with admin.navigation():
            page.get_by_role("button", name="Make it private again").click()
        expect(status).to_contain_text("Your profile is private again.")
        anonymous.visit(profile_path, status=404)
        expect(anonymous_main).not_to_contain_text(ORGANISATION)
        anonymous.visit("/alliance/profiles/")
        expect(anonymous_main).to_contain_text(NO_PROFILES)
        expect(directory).to_have_count(0)

        # 6. alice downloads the supporter badge: the same file for everyone, with no name.
        _panel_link(admin, "Your support")
        expect(page).to_have_url(re.compile(re.escape(support_path) + "$"))
        with page.expect_download() as download_info:
            page.get_by_role("link", name="Download SVG").click()
        download = download_info.value
        assert download.suggested_filename == "european-alliance-for-csr-en.svg"
        svg = Path(download.path()).read_text(encoding="utf-8")
        parsed = page.evaluate(
            """(text) => {
                const root = new DOMParser().parseFromString(text, "image/svg+xml").documentElement;
                return {name: root.localName, ns: root.namespaceURI,
                        errors: root.getElementsByTagName("parsererror").length};
            }""",
            svg,
        )
        assert parsed == {"name": "svg", "ns": "http://www.w3.org/2000/svg", "errors": 0}, parsed
        for identifying in (ORGANISATION, slug, slug.rsplit("-", 1)[1], alice.email):
            assert identifying.lower() not in svg.lower(), identifying

        # 7. alice publishes the profile again, then withdraws her support: the profile stops
        # saying so, and the support page offers to declare again.
        _panel_link(admin, "Your CSR profile")
        with admin.navigation():
            page.get_by_role("button", name="Publish the profile").click()
        expect(status).to_contain_text("Your profile is public now.")
        anonymous.visit(profile_path)
        expect(anonymous_main).to_contain_text(SUPPORT_SENTENCE)

        _panel_link(admin, "Your support")
        with admin.navigation():
            page.get_by_role("link", name="Withdraw support").click()
        expect(page).to_have_url(re.compile(re.escape(support_path) + "withdraw/$"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Withdraw your support?")
        with admin.navigation():
            main.get_by_role("button", name="Withdraw support").click()
        expect(page).to_have_url(re.compile(re.escape(support_path) + "$"))
        expect(status).to_contain_text(
            f"Support withdrawn for {ORGANISATION}. Nothing of it is kept but anonymous counts."
        )
        expect(page.get_by_role("button", name="Declare support")).to_be_visible()
        expect(page.get_by_role("link", name="Withdraw support")).to_have_count(0)
        expect(main).not_to_contain_text(STATEMENT)

        anonymous.reload()
        expect(anonymous.page.get_by_role("heading", level=1)).to_have_text(ORGANISATION)
        expect(anonymous_main).not_to_contain_text(SUPPORT_SENTENCE)
        expect(anonymous_main.locator("strong")).to_have_text("local")
    finally:
        outsider_context.close()
        anonymous_context.close()

    # Every page of the journey was audited, in order.
    assert admin.audited == [
        "/accounts/login/",
        "/start/",
        "/account/",
        organisation_path,
        support_path,
        support_path,  # declared
        support_path,  # priority areas changed
        organisation_path,
        profile_edit_path,
        profile_edit_path,  # saved
        profile_edit_path,  # published
        profile_edit_path,  # private again
        organisation_path,
        support_path,  # badge downloaded here
        organisation_path,
        profile_edit_path,
        profile_edit_path,  # published again
        organisation_path,
        support_path,
        support_path + "withdraw/",
        support_path,  # withdrawn
    ]
    assert outsider.audited == [organisation_path, support_path, badge_path, profile_edit_path]
    assert anonymous.audited == [
        f"/accounts/login/?next={support_path}",
        "/alliance/statistics/",
        "/alliance/profiles/",
        "/alliance/coalitions/",
        "/alliance/coalitions/working-conditions/",
        profile_path,  # published
        "/alliance/profiles/",  # listed
        profile_path,  # private: 404
        "/alliance/profiles/",  # no longer listed
        profile_path,  # published again
        profile_path,  # support withdrawn
    ]


def test_coalition_members_see_each_other(
    browser: Browser, base_url: str, audited_page, alice: User, bob: User
) -> None:
    coalition_path = "/alliance/coalitions/working-conditions/"
    admin_context = signed_in(browser, base_url, alice)
    outsider_context = signed_in(browser, base_url, bob)
    try:
        admin = audited_page(admin_context)
        outsider = audited_page(outsider_context)
        page = admin.page
        members = page.get_by_role("region", name="Members")

        # alice joins with her organisation and sees who the members are.
        admin.visit(coalition_path)
        expect(page.get_by_role("heading", level=1)).to_have_text("Coalition: Working conditions")
        members.get_by_label("Organisation").select_option(label=ORGANISATION)
        with admin.navigation():
            members.get_by_role("button", name="Join the coalition").click()
        expect(page).to_have_url(re.compile(re.escape(coalition_path) + "$"))
        expect(page.get_by_role("status")).to_contain_text(f"{ORGANISATION} joined the coalition.")
        expect(members.get_by_role("listitem")).to_have_text([ORGANISATION])
        expect(members.get_by_role("button", name="Join the coalition")).to_have_count(0)

        # bob is no member: the purpose and the count of the latest release (none yet, and
        # alice's joining shows in none before the next), no names.
        outsider.visit(coalition_path)
        their_main = outsider.page.get_by_role("main")
        expect(their_main).to_contain_text("Healthy, safe and fair work")
        expect(outsider.page.get_by_role("region", name="Members")).to_contain_text(
            "The member count is published with the next release"
        )
        expect(their_main).not_to_contain_text(ORGANISATION)
        expect(their_main.get_by_role("button")).to_have_count(0)

        # alice leaves again.
        members.get_by_label("Organisation").select_option(label=ORGANISATION)
        with admin.navigation():
            members.get_by_role("button", name="Leave the coalition").click()
        expect(page.get_by_role("status")).to_contain_text(f"{ORGANISATION} left the coalition.")
        expect(members).to_contain_text("The member count is published with the next release")
        expect(members.get_by_role("listitem")).to_have_count(0)
        expect(members.get_by_role("button", name="Join the coalition")).to_be_visible()

        assert admin.audited == [coalition_path, coalition_path, coalition_path]
        assert outsider.audited == [coalition_path]
    finally:
        admin_context.close()
        outsider_context.close()
