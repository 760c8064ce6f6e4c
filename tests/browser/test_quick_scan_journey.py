"""The quick scan in the real Chromium: a member finds it from the library, answers part of it,
comes back and continues where they left off, sees the profile and the practices recommended
for the weak sections, downloads the CSV, takes it again later and sees the change. An outsider
gets the 404 of a missing page. Every page is audited with axe (see conftest.py)."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from accounts.models import Organisation, User
from knowledge.scan import demo
from tests.browser.sessions import signed_in
from tests.knowledge.conftest import make_practice

NOT_YET = "Not yet"
FULLY = "Fully, and we review it regularly"
ECO = "Eco-efficiency and energy savings"


def _answer_section(visitor, label: str, *, button: str = "Save and (continue|review)") -> None:
    page = visitor.page
    for question in page.locator("fieldset.question").all():
        question.get_by_label(label, exact=True).check()
    with visitor.navigation():
        page.get_by_role("button", name=re.compile(f"^{button}$")).click()


def _answer_all(visitor, first: str, rest: str) -> None:
    """Answer the eco-efficiency section with ``first`` and every other with ``rest``, from
    the section the page shows to the results."""
    page = visitor.page
    while "/section/" in page.url:
        heading = page.get_by_role("heading", level=1).inner_text()
        _answer_section(visitor, first if heading == ECO else rest)
    expect(page.get_by_role("heading", level=1)).to_have_text("Finish the quick scan")
    with visitor.navigation():
        page.get_by_role("button", name="See the results").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quick scan results")


def test_quick_scan_journey(
    page: Page, browser: Browser, base_url: str, audited_page, alice: User, bob: User
) -> None:
    demo.seed()
    make_practice(
        title="Saving energy in a small workshop", themes=["eco-efficiency"], audience=["sme"]
    )
    organisation = Organisation.objects.get(memberships__user=alice)

    member = audited_page(signed_in(browser, base_url, alice))
    member.visit("/knowledge/")
    with member.navigation():
        member.page.get_by_role("link", name="Take the CSR quick scan").click()
    with member.navigation():
        member.page.get_by_role("link", name=f"Quick scan of {organisation.name}").click()
    with member.navigation():
        member.page.get_by_role("button", name="Take the quick scan").click()
    expect(member.page.get_by_text("Section 1 of 10")).to_be_visible()

    # An empty "continue" is refused with a message per question.
    with member.navigation():
        member.page.get_by_role("button", name="Save and continue").click()
    expect(member.page.get_by_role("alert")).to_contain_text("Choose an answer to this question.")

    # One answer, then "finish later"; coming back continues in the same section.
    first_question = member.page.locator("fieldset.question").first
    first_question.get_by_label(NOT_YET, exact=True).check()
    with member.navigation():
        member.page.get_by_role("button", name="Save and finish later").click()
    expect(member.page.get_by_text("Your answers are saved.")).to_be_visible()
    with member.navigation():
        member.page.get_by_role("button", name="Continue the quick scan").click()
    expect(member.page.get_by_text("Section 1 of 10")).to_be_visible()
    expect(member.page.locator("fieldset.question").first.get_by_label(NOT_YET)).to_be_checked()

    # First run: nothing done on eco-efficiency, the rest largely in place.
    _answer_all(member, NOT_YET, "Largely in place")
    scores = member.page.locator("#scan-scores")
    expect(scores.get_by_role("row", name=re.compile(ECO))).to_contain_text("Room to improve")
    # The profile is the site's bar chart (includes/bar_chart.html): one bar per section.
    profile = member.page.locator("figure#scan-profile")
    expect(profile).to_be_visible()
    expect(profile.locator(".chart-label")).to_have_count(10)
    expect(profile.locator("svg rect.chart-bar").first).to_be_visible()
    recommended = member.page.get_by_role("region", name="Recommended practices")
    practice = recommended.get_by_role("link", name="Saving energy in a small workshop")
    expect(practice).to_be_visible()
    with member.page.expect_download() as download:
        member.page.get_by_role("link", name="Download as CSV").click()
    assert download.value.suggested_filename.endswith(".csv")
    result_path = member.path

    # An outsider who has the address gets the page of a missing one.
    outsider = audited_page(signed_in(browser, base_url, bob))
    outsider.visit(result_path, status=404)

    # Later: the scan again, eco-efficiency now fully in place.
    with member.navigation():
        member.page.get_by_role("button", name="Take the quick scan again").click()
    _answer_all(member, FULLY, "Largely in place")
    eco_row = member.page.locator("#scan-scores").get_by_role("row", name=re.compile(ECO))
    expect(eco_row).to_contain_text("+100")
    expect(member.page.get_by_text(re.compile(r"Change since the quick scan of"))).to_be_visible()

    # The organisation's page and "Your portal" show it.
    member.visit(organisation.get_absolute_url())
    expect(member.page.get_by_role("region", name="CSR quick scan")).to_contain_text("overall")
    member.visit("/start/")
    expect(member.page.get_by_role("region", name="CSR quick scan")).to_contain_text(
        organisation.name
    )
