"""The company's journey in the real Chromium, at a phone's width and a laptop's: sign up, confirm
the address, create an enterprise, declare support for the Alliance, publish the CSR profile,
join a coalition; then invite a colleague, manage their membership, and the refusals on the way.
Every page is audited with axe and checked for cut-off text (see conftest.py); the key pages
are saved as screenshots under var/screenshots/company/<width>/."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from releases.services import release_publish
from tests.browser.conftest import WIDTHS, context_args
from tests.factories import PASSWORD, UserFactory

FOUNDER_EMAIL = "founder@example.org"
FOUNDER_PASSWORD = "Blue-heron-quarry-1871"
COLLEAGUE_EMAIL = "colleague@example.org"
ORGANISATION = "Heron Tiles & Ceramics"
COALITION = "/alliance/coalitions/working-conditions/"


def _only_mail_to(address: str) -> mail.EmailMessage:
    messages = [message for message in mail.outbox if address in message.to]
    assert len(messages) == 1, [(m.to, m.subject) for m in mail.outbox]
    return messages[0]


def _path_in(text: str, pattern: str) -> str:
    match = re.search(rf"https?://[^/\s]+({pattern})", text)
    assert match, f"no link matching {pattern!r} in:\n{text}"
    return match.group(1)


@pytest.mark.parametrize("width", WIDTHS)
def test_company_journey(browser: Browser, audited_page, width: int) -> None:
    founder_context = browser.new_context(**context_args(width))
    try:
        _company_journey(browser, founder_context, audited_page, width)
    finally:
        founder_context.close()


def _company_journey(browser: Browser, founder_context, audited_page, width: int) -> None:
    founder = audited_page(founder_context)
    page = founder.page

    # 1. An anonymous visitor signs up from the home page.
    founder.visit("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Responsible business, made practical"
    )
    founder.snapshot("home")
    # The Alliance in figures, as a company weighing whether to join sees them.
    release_publish()
    founder.visit("/alliance/statistics/")
    expect(page.get_by_role("heading", level=1)).to_have_text("The Alliance in figures")
    founder.snapshot("alliance-in-figures")
    founder.visit("/")
    with founder.navigation():
        page.get_by_role("link", name="Create an account", exact=True).click()
    expect(page).to_have_url(re.compile(r"/accounts/signup/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")
    founder.snapshot("sign-up")
    page.get_by_label("Email address").fill(FOUNDER_EMAIL)
    page.get_by_label("Password:", exact=True).fill(FOUNDER_PASSWORD)
    page.get_by_label("Password again").fill(FOUNDER_PASSWORD)
    with founder.navigation():
        page.get_by_role("main").get_by_role("button", name="Create an account").click()
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your email address")
    # If the email does not come, the page says where to write.
    expect(page.get_by_role("link", name=settings.CONTACT_EMAIL)).to_have_attribute(
        "href", f"mailto:{settings.CONTACT_EMAIL}"
    )
    founder.snapshot("verify-email")

    # 2. The verification email arrives; its link confirms the address and signs them in.
    verification = _only_mail_to(FOUNDER_EMAIL)
    confirm_path = _path_in(verification.body, r"/accounts/confirm-email/[^/\s]+/")
    founder.visit(confirm_path)
    expect(page.get_by_role("main")).to_contain_text(FOUNDER_EMAIL)
    with founder.navigation():
        page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(r"/start/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your portal")
    # The "Next steps" checklist leads with adding an organisation (while it shows, the
    # organisations' own next steps are not repeated below it).
    steps = page.get_by_role("region", name="Next steps", exact=True)
    expect(steps).to_contain_text("0 of 2 done.")
    expect(page.get_by_role("region", name="Your organisations' next steps")).to_have_count(0)
    # Confirming the address completes the sign-up: the welcome says which emails are on.
    assert mail.outbox[-1].to == [FOUNDER_EMAIL]
    assert mail.outbox[-1].subject == "Welcome to the CSR Alliance & Knowledge Centre portal"
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    founder.snapshot("your-portal")

    # 3. They add their organisation, from the checklist, and become its administrator.
    with founder.navigation():
        steps.get_by_role("link", name="Create or join an organisation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an organisation")
    page.get_by_label("Name").fill(ORGANISATION)
    page.get_by_label("Kind of organisation").select_option(label="Enterprise")
    page.get_by_label("Size").select_option(label="Small (10 to 49 staff)")
    page.get_by_label("Country").select_option(label="Belgium")
    page.get_by_label("Website").fill("https://heron.example.org")
    with founder.navigation():
        page.get_by_role("button", name="Create organisation").click()
    expect(page).to_have_url(re.compile(r"/organisations/[\w-]+/$"))
    organisation_path = founder.path
    expect(page.get_by_role("heading", level=1)).to_have_text(ORGANISATION)
    expect(page.get_by_role("status")).to_contain_text(
        f"{ORGANISATION} was created. You are its administrator."
    )
    members = page.get_by_role("table", name="Members and their roles")
    founder_row = members.get_by_role("row").filter(has_text=FOUNDER_EMAIL)
    expect(founder_row.get_by_role("cell").nth(1)).to_have_text("Administrator")
    expect(founder_row).to_contain_text("you")
    founder.snapshot("organisation")

    # 3a. They declare support for the Alliance from the organisation's page.
    panel = page.get_by_role("region", name="European Alliance for CSR", exact=True)
    with founder.navigation():
        panel.get_by_role("link", name="Declare support").click()
    support_path = founder.path
    page.get_by_role("checkbox", name="Working conditions").check()
    with founder.navigation():
        page.get_by_role("button", name="Declare support").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Thank you: {ORGANISATION} now supports the Alliance."
    )
    founder.snapshot("support-declared")

    # 3b. They write the CSR profile and publish it; the public page says they support it.
    with founder.navigation():
        page.get_by_role("main").get_by_role("link", name=ORGANISATION, exact=True).click()
    with founder.navigation():
        panel.get_by_role("link", name="Your CSR profile").click()
    profile_edit_path = founder.path
    page.get_by_label("CSR strategy").fill("We fire our kilns with **green** electricity.")
    page.get_by_role("checkbox", name="Say on this profile that we support the Alliance").check()
    with founder.navigation():
        page.get_by_role("button", name="Save profile").click()
    with founder.navigation():
        page.get_by_role("button", name="Publish the profile").click()
    expect(page.get_by_role("status")).to_contain_text("Your profile is public now.")
    founder.snapshot("profile-published")
    with founder.navigation():
        page.get_by_role("link", name="See it as others do").click()
    profile_path = founder.path
    expect(page.get_by_role("main")).to_contain_text("We support the European Alliance for CSR.")
    founder.snapshot("public-profile")

    # 3c. They join the coalition on their priority area.
    founder.visit("/alliance/coalitions/")
    with founder.navigation():
        page.get_by_role("main").get_by_role("link", name="Working conditions").click()
    expect(page).to_have_url(re.compile(re.escape(COALITION) + "$"))
    coalition_members = page.get_by_role("region", name="Members")
    coalition_members.get_by_label("Organisation").select_option(label=ORGANISATION)
    with founder.navigation():
        coalition_members.get_by_role("button", name="Join the coalition").click()
    expect(page.get_by_role("status")).to_contain_text(f"{ORGANISATION} joined the coalition.")
    expect(coalition_members.get_by_role("listitem")).to_have_text([ORGANISATION])
    founder.snapshot("coalition")
    founder.visit(organisation_path)

    # 4. They invite a colleague, who gets an email with the link to accept.
    invite = page.get_by_role("region", name="Invite a colleague")
    invite.get_by_label("Colleague's email address").fill(COLLEAGUE_EMAIL)
    expect(invite.get_by_label("Role:", exact=True)).to_have_value("member")
    with founder.navigation():
        invite.get_by_role("button", name="Send invitation").click()
    expect(page).to_have_url(re.compile(re.escape(organisation_path) + "$"))
    expect(page.get_by_role("status")).to_contain_text(
        f"An invitation was sent to {COLLEAGUE_EMAIL}."
    )
    pending = page.get_by_role("region", name="Open invitations")
    expect(pending.get_by_role("listitem")).to_have_count(1)
    expect(pending.get_by_role("listitem")).to_contain_text(COLLEAGUE_EMAIL)
    expect(pending.get_by_role("listitem")).to_contain_text("Member")
    invitation_path = _path_in(_only_mail_to(COLLEAGUE_EMAIL).body, r"/invitations/[^/\s]+/")

    # 5. The colleague already has an account; in their own browser they sign in and accept.
    colleague_user = UserFactory(email=COLLEAGUE_EMAIL)
    colleague_name = colleague_user.name
    colleague_context = browser.new_context(**context_args(width))
    try:
        colleague = audited_page(colleague_context)
        their_page = colleague.page
        colleague.visit(invitation_path)
        expect(their_page.get_by_role("heading", level=1)).to_have_text(f"Join {ORGANISATION}")
        expect(their_page.get_by_role("main")).to_contain_text(
            f"This invitation was sent to {COLLEAGUE_EMAIL}"
        )
        with colleague.navigation():
            their_page.get_by_role("main").get_by_role("link", name="Sign in").click()
        expect(their_page).to_have_url(
            re.compile(r"/accounts/login/\?next=" + re.escape(invitation_path) + "$")
        )
        their_page.get_by_label("Email").fill(COLLEAGUE_EMAIL)
        their_page.get_by_label("Password").fill(PASSWORD)
        with colleague.navigation():
            their_page.get_by_role("button", name="Sign in").click()
        expect(their_page).to_have_url(re.compile(re.escape(invitation_path) + "$"))
        with colleague.navigation():
            their_page.get_by_role("button", name="Accept invitation").click()
        expect(their_page).to_have_url(re.compile(re.escape(organisation_path) + "$"))
        expect(their_page.get_by_role("status")).to_contain_text(f"Welcome to {ORGANISATION}.")
        their_members = their_page.get_by_role("table", name="Members and their roles")
        their_row = their_members.get_by_role("row").filter(has_text=COLLEAGUE_EMAIL)
        expect(their_row.get_by_role("cell").nth(1)).to_have_text("Member")
        expect(their_row).to_contain_text("you")
        # A member sees neither the invitation form nor the actions column.
        expect(their_page.get_by_role("region", name="Invite a colleague")).to_have_count(0)
        expect(their_members.get_by_role("button", name="Change role")).to_have_count(0)

        # 6. The founder promotes the colleague, demotes them again, then removes them.
        founder.reload()
        expect(page.get_by_role("region", name="Open invitations")).to_contain_text(
            "No invitations are waiting for an answer."
        )
        row = members.get_by_role("row").filter(has_text=COLLEAGUE_EMAIL)
        expect(row.get_by_role("cell").nth(1)).to_have_text("Member")

        row.get_by_label(f"Role of {colleague_name}").select_option(label="Administrator")
        with founder.navigation():
            row.get_by_role("button", name="Change role").click()
        expect(page.get_by_role("status")).to_contain_text(
            f"{colleague_name} is now administrator."
        )
        expect(row.get_by_role("cell").nth(1)).to_have_text("Administrator")

        row.get_by_label(f"Role of {colleague_name}").select_option(label="Member")
        with founder.navigation():
            row.get_by_role("button", name="Change role").click()
        expect(page.get_by_role("status")).to_contain_text(f"{colleague_name} is now member.")
        expect(row.get_by_role("cell").nth(1)).to_have_text("Member")

        with founder.navigation():
            row.get_by_role("link", name=f"Remove {colleague_name}").click()
        expect(page).to_have_url(
            re.compile(re.escape(organisation_path) + r"members/[\w-]+/remove/$")
        )
        remove_path = founder.path
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Remove {colleague_name}?")
        with founder.navigation():
            page.get_by_role("button", name="Remove member").click()
        expect(page).to_have_url(re.compile(re.escape(organisation_path) + "$"))
        expect(page.get_by_role("status")).to_contain_text(
            f"{colleague_name} was removed from {ORGANISATION}."
        )
        expect(members.get_by_role("row").filter(has_text=COLLEAGUE_EMAIL)).to_have_count(0)
        expect(members.get_by_role("row").filter(has_text=FOUNDER_EMAIL)).to_have_count(1)

        # 7. The organisation is now closed to the colleague: the same answer as a missing one.
        response = colleague.visit(organisation_path, status=404)
        assert response.status == 404
        expect(their_page.get_by_role("heading", level=1)).to_have_text("Page not found")
    finally:
        colleague_context.close()

    # 8. The last administrator cannot leave; the refusal brings them back to the page.
    with founder.navigation():
        page.get_by_role("link", name="Leave organisation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Leave {ORGANISATION}?")
    with founder.navigation():
        page.get_by_role("main").get_by_role("button", name="Leave organisation").click()
    expect(page).to_have_url(re.compile(re.escape(organisation_path) + "$"))
    expect(page.get_by_role("status")).to_contain_text(
        "You are the last administrator, so you cannot leave. Make someone else administrator "
        "first."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(ORGANISATION)
    expect(
        members.get_by_role("row").filter(has_text=FOUNDER_EMAIL).get_by_role("cell").nth(1)
    ).to_have_text("Administrator")
    founder.snapshot("last-administrator")

    # Every page of the journey was audited, in order.
    organisation, leave = organisation_path, organisation_path + "leave/"
    assert founder.audited == [
        "/",
        "/alliance/statistics/",
        "/",
        "/accounts/signup/",
        "/accounts/confirm-email/",
        confirm_path,
        "/start/",
        "/organisations/new/",
        organisation,  # created
        support_path,
        support_path,  # declared
        organisation,
        profile_edit_path,
        profile_edit_path,  # saved
        profile_edit_path,  # published
        profile_path,
        "/alliance/coalitions/",
        COALITION,
        COALITION,  # joined
        organisation,
        organisation,  # invitation sent
        organisation,  # reloaded after the colleague joined
        organisation,  # made administrator
        organisation,  # made member again
        remove_path,
        organisation,  # removed
        leave,
        organisation,  # refused
    ]
    assert colleague.audited == [
        invitation_path,
        f"/accounts/login/?next={invitation_path}",
        invitation_path,
        organisation,  # joined
        organisation,  # 404 once removed
    ]


def test_mobile_and_keyboard(browser: Browser, audited_page) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    try:
        visitor = audited_page(context)
        page = visitor.page

        visitor.visit("/")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        # Nothing wider than the screen: no sideways scrolling on a phone.
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390

        # The first Tab reaches the skip link; Enter moves focus to the main content.
        skip = page.get_by_role("link", name="Skip to main content")
        page.keyboard.press("Tab")
        expect(skip).to_be_focused()
        expect(skip).to_be_in_viewport()
        page.keyboard.press("Enter")
        expect(page.locator("main#main")).to_be_focused()

        visitor.visit("/accounts/login/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
        expect(page.get_by_label("Email address")).to_be_visible()
        expect(page.get_by_role("main").get_by_role("button", name="Sign in")).to_be_in_viewport()
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390

        assert visitor.audited == ["/", "/accounts/login/"]
    finally:
        context.close()


def test_audit_reports_violations(page: Page, audited_page) -> None:
    """The auditor itself: a page with a known WCAG failure must not pass."""
    visitor = audited_page(page)
    visitor.visit("/")
    page.evaluate(
        """() => {
        const image = document.createElement("img");
        image.src = "/static/img/logo.svg";
        document.querySelector("main").append(image);
    }"""
    )
    with pytest.raises(AssertionError, match=r"^axe found 1 accessibility violation") as excinfo:
        visitor.audit()
    report = str(excinfo.value)
    assert "image-alt (critical)" in report
    assert "target: #main > img" in report
    assert visitor.page.url in report


def test_layout_check_reports_cut_off_text(browser: Browser, audited_page) -> None:
    """The layout check itself: cut-off text and a page wider than a phone must not pass, while
    a scrolling table wrapper and visually hidden text are fine."""
    context = browser.new_context(**context_args(390))
    try:
        visitor = audited_page(context)
        page = visitor.page
        visitor.visit("/")
        page.evaluate(
            """() => {
            const main = document.querySelector("main");
            main.insertAdjacentHTML("beforeend",
              '<div class="scroller" style="overflow-x: auto; width: 5rem">' +
              '<p style="width: 40rem">A wide table in a wrapper that scrolls</p></div>' +
              '<p class="visually-hidden">Only for screen readers, and much too long</p>');
        }"""
        )
        visitor.audit()  # nothing to report

        page.evaluate(
            """() => {
            const box = document.createElement("p");
            box.className = "squeezed note";
            box.style = "width: 5rem; white-space: nowrap; overflow: hidden";
            box.textContent = "A sentence far too long for its box";
            document.querySelector("main").append(box);
        }"""
        )
        with pytest.raises(AssertionError, match=r"^layout problems on .* at 390 px:") as cut:
            visitor.audit()
        assert "text cut off or spilling out of <p.squeezed.note> (overflow: hidden hidden)" in (
            str(cut.value)
        )
        assert "text starts 'A sentence far too long for its box'" in str(cut.value)
        assert "document is wider" not in str(cut.value)

        page.evaluate(
            """() => {
            document.querySelector(".squeezed").remove();
            document.querySelector("main").insertAdjacentHTML("beforeend",
              '<svg class="chart-svg" viewBox="0 0 100 20" width="100" height="20">' +
              '<text class="chart-label" x="40" y="15">Business or sector association</text>' +
              '</svg>');
        }"""
        )
        with pytest.raises(AssertionError) as chart:
            visitor.audit()
        assert "spilling out of <text.chart-label> (overflow: hidden hidden): chart label at" in (
            str(chart.value)
        )
        assert "text starts 'Business or sector association'" in str(chart.value)

        page.evaluate(
            """() => {
            document.querySelector(".chart-svg").remove();
            const wide = document.createElement("p");
            wide.className = "too-wide";
            wide.style = "width: 30rem; margin: 0";
            wide.textContent = "Thirty rem on a phone";
            document.querySelector("main").append(wide);
        }"""
        )
        with pytest.raises(AssertionError) as wide:
            visitor.audit()
        report = str(wide.value)
        assert "the document is wider than the window: scrollWidth" in report
        assert "clientWidth 390" in report
        assert "<p.too-wide> reaches 496 px; text starts 'Thirty rem on a phone'" in report
    finally:
        context.close()
