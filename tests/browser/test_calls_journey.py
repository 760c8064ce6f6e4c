"""A call for projects in the real Chromium, from opening to decision: a curator opens the call
in the admin with two criteria and two reviewers; an organisation writes a proposal, attaches a
file and sends it; after the deadline the two reviewers score it, the first seeing nothing of
the second's scores until submitting; the curator ranks and accepts it; the applicant finds the
new initiative. Every page is audited with axe and checked for layout (see conftest.py)."""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from accounts.models import Role, User
from initiatives.calls.models import Call, Proposal, ProposalState
from tests.browser.sessions import signed_in
from tests.conftest import sign_in_with_second_factor
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.initiatives.calls.helpers import PDF, close

CALL = "Call for new projects: CSR in SMEs"
PROPOSAL = "CSR modules for vocational training"


def _staff_context(browser: Browser, base_url: str, staff: User) -> BrowserContext:
    client = sign_in_with_second_factor(staff)
    context = browser.new_context()
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base_url,
            }
        ]
    )
    return context


def _pick_reviewer(page: Page, row: int, name: str) -> None:
    """Django admin's autocomplete (select2): open it, type, take the match."""
    page.locator(f"#id_reviewers-{row}-user + .select2").click()
    page.locator(".select2-search__field").fill(name.split()[0])
    page.locator(".select2-results__option", has_text=name).click()


def _score(page: Page, values: dict[str, str], comment: tuple[str, str] | None = None) -> None:
    for criterion, value in values.items():
        page.get_by_label(re.compile(f"^Score for “{criterion}”")).select_option(value)
    if comment:
        page.get_by_label(re.compile(f"^Comment on “{comment[0]}”")).fill(comment[1])


def test_calls_journey(browser: Browser, base_url: str, audited_page, staff: User, tmp_path):
    organisation = OrganisationFactory(name="Flemish Training Centre")
    applicant = UserFactory(email="an@training.example.org", name="An Peeters")
    MembershipFactory(user=applicant, organisation=organisation, role=Role.ADMIN)
    rita = UserFactory(email="rita@example.org", name="Rita Reviewer")
    ruben = UserFactory(email="ruben@example.org", name="Ruben Reviewer")
    plan = tmp_path / "project-plan.pdf"
    plan.write_bytes(PDF)
    deadline = timezone.localtime() + timedelta(days=14)

    curator_context = _staff_context(browser, base_url, staff)
    applicant_context = signed_in(browser, base_url, applicant)
    rita_context = signed_in(browser, base_url, rita)
    ruben_context = signed_in(browser, base_url, ruben)
    try:
        # 1. The curator opens the call in the admin: text, deadlines, criteria, reviewers.
        curator = audited_page(curator_context)
        cpage = curator.page
        curator.visit("/admin/initiatives/call/add/")
        cpage.get_by_label("Title:", exact=True).fill(CALL)
        cpage.get_by_label("Text:", exact=True).fill(
            "Projects on **CSR in SMEs**, in training courses and alternative learning methods."
        )
        cpage.locator("#id_deadline_0").fill(deadline.strftime("%Y-%m-%d"))
        cpage.locator("#id_deadline_1").fill("17:00:00")
        cpage.locator("#id_review_deadline_0").fill(
            (deadline + timedelta(days=30)).strftime("%Y-%m-%d")
        )
        cpage.locator("#id_review_deadline_1").fill("17:00:00")
        cpage.get_by_label("State:", exact=True).select_option(label="Opened")
        cpage.locator("#id_criteria-0-title").fill("Relevance for SMEs")
        cpage.locator("#id_criteria-0-weight").fill("2")
        cpage.locator("#id_criteria-1-title").fill("Feasibility")
        cpage.locator("#id_criteria-1-weight").fill("1")
        _pick_reviewer(cpage, 0, rita.name)
        _pick_reviewer(cpage, 1, ruben.name)
        with curator.navigation():
            cpage.locator("input[name=_save]").click()
        expect(cpage.locator(".messagelist")).to_contain_text("was added successfully")
        call = Call.objects.get()
        assert call.is_open and call.reviewers.count() == 2

        # 2. The organisation finds the call, writes a proposal, attaches a file and sends it.
        org = audited_page(applicant_context)
        page = org.page
        org.visit("/calls/")
        with org.navigation():
            page.get_by_role("link", name=CALL).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(CALL)
        with org.navigation():
            page.get_by_role("link", name="Write a proposal").click()
        page.get_by_label("Title:", exact=True).fill(PROPOSAL)
        page.get_by_label("Summary:", exact=True).fill("Four short modules for trainers.")
        page.get_by_label("Description:", exact=True).fill("We write **four modules**.")
        page.get_by_label("Amount requested in euros (optional):", exact=True).fill("48000")
        with org.navigation():
            page.get_by_role("button", name="Save the draft").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(PROPOSAL)
        page.get_by_label("Add a file:", exact=True).set_input_files(str(plan))
        with org.navigation():
            page.get_by_role("button", name="Add the file").click()
        expect(page.get_by_role("link", name="project-plan.pdf", exact=True)).to_be_visible()
        with org.navigation():
            page.get_by_role("button", name="Send the proposal").click()
        expect(page.get_by_text("Your proposal is sent.").first).to_be_visible()
        proposal = Proposal.objects.get()
        assert proposal.state == ProposalState.SUBMITTED

        # Two weeks pass: the call closes.
        close(call)

        # 3. Rita scores but only saves; Ruben submits; Rita still sees nothing of his.
        first = audited_page(rita_context)
        rpage = first.page
        first.visit("/calls/reviews/")
        with first.navigation():
            rpage.get_by_role("link", name=PROPOSAL).click()
        _score(rpage, {"Relevance for SMEs": "4"})
        with first.navigation():
            rpage.get_by_role("button", name="Save the scores").click()
        second = audited_page(ruben_context)
        spage = second.page
        second.visit("/calls/reviews/")
        with second.navigation():
            spage.get_by_role("link", name=PROPOSAL).click()
        expect(spage.get_by_text("0 other reviewers have submitted a review")).to_be_visible()
        _score(
            spage,
            {"Relevance for SMEs": "5", "Feasibility": "3"},
            comment=("Feasibility", "The budget for the pilot is tight."),
        )
        with second.navigation():
            spage.get_by_role("button", name="Submit the review").click()
        expect(spage.get_by_text("Your review is submitted.").first).to_be_visible()
        first.reload()
        expect(rpage.get_by_text("1 other reviewer has submitted a review")).to_be_visible()
        expect(rpage.get_by_text("The budget for the pilot is tight.")).to_have_count(0)
        expect(rpage.get_by_text("Ruben Reviewer")).to_have_count(0)
        _score(rpage, {"Feasibility": "4"})
        with first.navigation():
            rpage.get_by_role("button", name="Submit the review").click()
        # Now Rita sees Ruben's scores, his comment and the weighted mean.
        expect(rpage.get_by_role("columnheader", name="Ruben Reviewer")).to_be_visible()
        expect(rpage.get_by_text("The budget for the pilot is tight.")).to_be_visible()
        expect(
            rpage.get_by_text("Weighted mean score of the submitted reviews: 4.17")
        ).to_be_visible()

        # 4. The curator ranks and accepts; the applicants are told.
        curator.visit(call.get_absolute_url())
        with curator.navigation():
            cpage.get_by_role("link", name="Ranking of the proposals").click()
        expect(cpage.get_by_role("row").filter(has_text=PROPOSAL)).to_contain_text("4.17")
        with curator.navigation():
            cpage.get_by_role("link", name=f"Decide {PROPOSAL}").click()
        cpage.get_by_label("Accept", exact=True).check()
        cpage.get_by_label("Message to the applicant:", exact=True).fill("Congratulations!")
        with curator.navigation():
            cpage.get_by_role("button", name="Record the decision").click()
        expect(cpage.get_by_text("The proposal is accepted").first).to_be_visible()

        # 5. The applicant sees the decision and the new initiative, private until published.
        org.visit(proposal.get_absolute_url())
        expect(page.get_by_text("Your proposal is accepted.")).to_be_visible()
        with org.navigation():
            page.get_by_role("link", name=PROPOSAL).last.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(PROPOSAL)
        proposal.refresh_from_db()
        assert proposal.initiative is not None and not proposal.initiative.is_published
    finally:
        for context in (curator_context, applicant_context, rita_context, ruben_context):
            context.close()
