"""The pledger's journey through the commitments in the real Chromium, at a phone's width and a
laptop's: an association pledges to two DESIGN-MTS actions, reports progress with evidence, the
coordinator returns the report, it is revised and resubmitted, the coordinator accepts it, and
the dashboard shows it. Every page is audited with axe and checked for cut-off text (see
conftest.py); the key pages are saved as screenshots under var/screenshots/pledger/<width>/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from accounts.models import OrganisationKind, Role
from commitments import demo
from commitments.models import Action, Pledge, ProgressReport, ReportState, Status
from releases.services import release_publish
from tests.browser.conftest import WIDTHS, context_args
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory
from tests.utils import without_noise

ASSOCIATION = "Tool Makers' Association"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def scene(db):
    coordinator = UserFactory(email="coordinator@example.org", name="Cora Coordinator")
    framework = demo.framework_load(coordinators=[coordinator])
    association = OrganisationFactory(name=ASSOCIATION, kind=OrganisationKind.ASSOCIATION)
    emile = UserFactory(email="emile@example.org", name="Émile Peeters")
    MembershipFactory(user=emile, organisation=association, role=Role.ADMIN)
    # Five enterprises already stand at "substantial" on action 1.1.
    action = Action.objects.get(commitment__framework=framework, commitment__number=1, number=1)
    for n in range(5):
        Pledge.objects.create(
            organisation=OrganisationFactory(name=f"Enterprise {n}"),
            framework=framework,
            action=action,
            target_date="2027-12-31",
            status=Status.SUBSTANTIAL,
        )
    return framework


def _sign_in(visitor, email: str, next_path: str) -> None:
    visitor.visit(f"/accounts/login/?next={next_path}")
    visitor.page.get_by_label("Email").fill(email)
    visitor.page.get_by_label("Password").fill(PASSWORD)
    with visitor.navigation():
        visitor.page.get_by_role("button", name="Sign In").click()


def _substantial_on_1_1(page: Page):
    # The dashboard folds each chart's table away.
    page.get_by_text("Table: Status of pledging organisations per action").click()
    table = page.get_by_role("table", name="Status of pledging organisations per action")
    row = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name="1.1", exact=True))
    return row.get_by_role("cell").nth(3)


@pytest.mark.parametrize("width", WIDTHS)
def test_pledger_journey(browser: Browser, audited_page, scene, monkeypatch, width: int) -> None:
    association_context = browser.new_context(**context_args(width))
    try:
        _pledger_journey(browser, association_context, audited_page, monkeypatch, width)
    finally:
        association_context.close()


def _pledger_journey(browser: Browser, association_context, audited_page, monkeypatch, width):
    association = audited_page(association_context)
    page = association.page
    # The dashboard is a release; without noise here, so the journey can read its counts.
    without_noise(monkeypatch)
    release_publish()

    # 0. Anyone can read the framework and the dashboard.
    association.visit("/commitments/")
    with association.navigation():
        page.get_by_role("link", name="DESIGN-MTS", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("machine tools sector")
    expect(page.get_by_role("main")).to_contain_text("Participate in strategic sectoral events.")
    expect(page.get_by_role("main")).to_contain_text("Aditya Jain")
    association.snapshot("framework")
    with association.navigation():
        page.get_by_role("link", name="Monitoring dashboard", exact=True).click()
    expect(_substantial_on_1_1(page)).to_have_text("5")
    association.snapshot("dashboard")
    association.visit("/commitments/design-mts/actions/1.1/")
    expect(page.get_by_role("main")).to_contain_text(
        "No organisation has made a pledge to this action public yet."
    )

    # 1. The association's administrator signs in and pledges to two actions.
    _sign_in(association, "emile@example.org", "/commitments/design-mts/")
    expect(page).to_have_url(re.compile(r"/commitments/design-mts/$"))
    with association.navigation():
        page.get_by_role("link", name=f"Pledge as {ASSOCIATION}").click()
    page.get_by_role("checkbox", name=re.compile(r"^1\.1 ")).check()
    page.get_by_role("checkbox", name=re.compile(r"^2\.2 ")).check()
    page.get_by_label("Target date").fill("2027-06-30")
    association.snapshot("pledge-form")
    with association.navigation():
        page.get_by_role("button", name="Make the pledge").click()
    expect(page).to_have_url(re.compile(r"/commitments/pledges/$"))
    expect(page.get_by_role("status")).to_contain_text(f"{ASSOCIATION} pledged to 1.1, 2.2.")
    expect(page.get_by_role("row").filter(has_text=ASSOCIATION)).to_have_count(2)
    association.snapshot("pledges")

    # 2. It writes a progress report on action 1.1, with a file and a link as evidence.
    with association.navigation():
        page.get_by_role("link", name="DESIGN-MTS 1.1").click()
    with association.navigation():
        page.get_by_role("link", name="Write a progress report").click()
    page.get_by_label("Reporting period").select_option("2026-H1")
    page.get_by_label("Substantial").check()
    page.get_by_label("What was done").fill("Two regional workshops on the CSR guidelines.")
    page.get_by_label("SMEs reached").fill("25")
    with association.navigation():
        page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Progress report on 1.1 for 2026-H1")
    report_path = association.path
    page.get_by_label("File:", exact=True).set_input_files(
        files=[{"name": "workshops.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    with association.navigation():
        page.get_by_role("button", name="Upload file").click()
    expect(page.get_by_role("status")).to_contain_text("The file was added.")
    page.get_by_label("Title of the link").fill("Workshop programme")
    page.get_by_label("Address").fill("https://example.org/workshops")
    with association.navigation():
        page.get_by_role("button", name="Add link").click()
    evidence = page.get_by_role("region", name="Evidence")
    expect(evidence.get_by_role("link", name="workshops.pdf", exact=True)).to_be_visible()
    expect(evidence.get_by_role("link", name="Workshop programme", exact=True)).to_be_visible()
    with association.navigation():
        page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("status")).to_contain_text("submitted to the framework's coordinators")
    expect(page.get_by_text("Submitted for review", exact=True)).to_be_visible()
    association.snapshot("report-submitted")

    coordinator_context = browser.new_context(**context_args(width))
    try:
        coordinator = audited_page(coordinator_context)
        their_page = coordinator.page

        # 3. The coordinator returns it with a comment.
        _sign_in(coordinator, "coordinator@example.org", "/commitments/review/")
        expect(their_page.get_by_role("heading", level=1)).to_have_text("Reports to review")
        with coordinator.navigation():
            their_page.get_by_role("link", name="DESIGN-MTS 1.1 · 2026-H1").click()
        coordinator.snapshot("review")
        their_page.get_by_label("Return for revision").check()
        their_page.get_by_label("Comment for the organisation").fill(
            "Please say which SMEs took part and in which regions."
        )
        with coordinator.navigation():
            their_page.get_by_role("button", name="Record the decision").click()
        expect(their_page.get_by_role("status")).to_contain_text(
            "The report was returned for revision."
        )

        # 4. The association revises and resubmits.
        association.reload()
        expect(page.get_by_text("Returned for revision", exact=True).first).to_be_visible()
        expect(page.get_by_role("region", name="Review history")).to_contain_text(
            "Please say which SMEs took part"
        )
        with association.navigation():
            page.get_by_role("link", name="Edit report").click()
        page.get_by_label("What was done").fill(
            "Two workshops in Flanders and Wallonia, with 25 SMEs from the machine tools sector."
        )
        with association.navigation():
            page.get_by_role("button", name="Save draft").click()
        with association.navigation():
            page.get_by_role("button", name="Submit for review").click()
        expect(page.get_by_text("Submitted for review", exact=True)).to_be_visible()

        # 5. The coordinator accepts it; the queue is empty again.
        coordinator.visit("/commitments/review/")
        with coordinator.navigation():
            their_page.get_by_role("link", name="DESIGN-MTS 1.1 · 2026-H1").click()
        their_page.get_by_label("Accept", exact=True).check()
        with coordinator.navigation():
            their_page.get_by_role("button", name="Record the decision").click()
        expect(their_page.get_by_role("status")).to_contain_text("The report was accepted.")
        expect(their_page.get_by_role("main")).to_contain_text("No report is waiting for review.")
    finally:
        coordinator_context.close()

    report = ProgressReport.objects.get()
    assert report.state == ReportState.ACCEPTED
    assert report.evidence.count() == 2

    # 6. The dashboard shows the acceptance with the next release: then six organisations
    # at "substantial" on action 1.1.
    association.visit("/commitments/design-mts/dashboard/")
    expect(_substantial_on_1_1(page)).to_have_text("5")
    release_publish()
    association.visit("/commitments/design-mts/dashboard/")
    expect(_substantial_on_1_1(page)).to_have_text("6")
    association.snapshot("dashboard-after-acceptance")
    association.visit(report_path)
    expect(page.get_by_text("Accepted", exact=True).first).to_be_visible()
    association.snapshot("report-accepted")


def test_the_other_commitments_pages_pass_the_audit(page: Page, audited_page, scene) -> None:
    """Following, the confirmation pages, an empty review queue, and the dashboard on a phone."""
    organisation = OrganisationFactory(name="Open Lathes")
    admin = UserFactory(email="olga@example.org")
    MembershipFactory(user=admin, organisation=organisation, role=Role.ADMIN)
    action = Action.objects.get(commitment__number=2, number=3)
    pledge = Pledge.objects.create(
        organisation=organisation,
        framework=scene,
        action=action,
        target_date="2027-12-31",
        is_public=True,
    )
    report = ProgressReport.objects.create(
        pledge=pledge, period="2025-H2", status=Status.LIMITED, narrative="Fairs."
    )
    evidence = report.evidence.create(title="Fair stand", url="https://example.org/fair")
    visitor = audited_page(page)

    _sign_in(visitor, "olga@example.org", "/commitments/design-mts/actions/2.3/")
    expect(page.get_by_role("main")).to_contain_text("Open Lathes")
    with visitor.navigation():
        page.get_by_role("button", name="Follow this action").click()
    expect(page.get_by_role("status")).to_contain_text("You follow action 2.3")
    visitor.visit("/commitments/following/")
    expect(page.get_by_role("main")).to_contain_text("action 2.3")
    visitor.visit(f"/commitments/evidence/{evidence.uid}/remove/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Remove “Fair stand”?")
    visitor.visit(f"/commitments/pledges/{pledge.uid}/withdraw/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Withdraw the pledge to 2.3?")
    visitor.visit(f"/commitments/pledges/{pledge.uid}/reports/new/")
    visitor.visit("/commitments/review/", status=403)

    release_publish()  # the dashboard with figures, not "no release yet"
    page.set_viewport_size({"width": 390, "height": 844})
    visitor.visit("/commitments/design-mts/dashboard/")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    visitor.visit("/commitments/design-mts/")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
