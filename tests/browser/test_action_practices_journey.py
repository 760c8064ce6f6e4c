"""DESIGN-MTS resources in the real Chromium (issue 15): an action's page lists the practices
that serve it, the practice's page says "Serves DESIGN-MTS action 1.2" and links back, and the
library labels the result. Every page is audited with axe and checked for cut-off text, at a
phone's width and a laptop's."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from playwright.sync_api import Browser, expect

from commitments import demo, services
from commitments.models import Action, ActionPractice
from tests.browser.conftest import WIDTHS, context_args
from tests.conftest import enrol_totp, sign_in_with_second_factor
from tests.factories import UserFactory
from tests.knowledge.conftest import make_practice

TITLE = "Training module for employees and worker representatives in MTS companies"


@pytest.fixture
def scene(db):
    framework = demo.framework_load()
    practice = make_practice(
        title=TITLE,
        summary="What the sector's commitments mean on the shop floor, and how to take part.",
        type="training",
        audience=["employee"],
    )
    for number in (2, 3):
        services.action_practice_link(
            action=Action.objects.get(
                commitment__framework=framework, commitment__number=1, number=number
            ),
            practice=practice,
        )
    make_practice(title="Training module still in draft", type="training", status="draft")
    return framework


@pytest.mark.parametrize("width", WIDTHS)
def test_action_practices_journey(browser: Browser, audited_page, scene, width: int) -> None:
    context = browser.new_context(**context_args(width))
    try:
        visitor = audited_page(context)
        page = visitor.page

        # The action's page lists the published practice serving it, not the draft.
        visitor.visit("/commitments/design-mts/actions/1.2/")
        practices = page.get_by_role("region", name="Practices that serve this action")
        expect(practices.get_by_role("link", name=TITLE)).to_be_visible()
        expect(practices).not_to_contain_text("still in draft")
        visitor.snapshot("action")

        # The practice's page says which actions it serves, each linking to its page.
        with visitor.navigation():
            practices.get_by_role("link", name=TITLE).click()
        serves = page.get_by_role("region", name="Sector commitments it serves")
        expect(serves.get_by_role("link", name="Serves DESIGN-MTS action 1.2")).to_be_visible()
        expect(serves.get_by_role("link", name="Serves DESIGN-MTS action 1.3")).to_be_visible()
        expect(serves).to_contain_text("Dissemination of training courses developed.")
        visitor.snapshot("practice")
        with visitor.navigation():
            serves.get_by_role("link", name="Serves DESIGN-MTS action 1.3").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Action 1.3")

        # The library labels the result; the audience facet names employees.
        visitor.visit("/knowledge/?q=training+module")
        result = page.get_by_role("listitem").filter(has=page.get_by_role("link", name=TITLE)).first
        expect(result).to_contain_text("Serves DESIGN-MTS action 1.2")
        expect(result).to_contain_text("Serves DESIGN-MTS action 1.3")
        expect(page.get_by_text("Employees and worker representatives").first).to_be_attached()
        visitor.snapshot("library")
    finally:
        context.close()


def test_a_curator_links_a_practice_to_an_action_in_the_admin(
    browser: Browser, base_url: str, audited_page, scene
) -> None:
    paper = make_practice(title="Joint position paper on CSR in the machine tools sector")
    target = Action.objects.get(commitment__framework=scene, commitment__number=3, number=2)
    curator = UserFactory(email="curator@example.org", is_staff=True)
    curator.user_permissions.set(Permission.objects.all())
    enrol_totp(curator)
    client = sign_in_with_second_factor(curator)
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
    try:
        staff = audited_page(context)
        page = staff.page
        staff.visit(f"/admin/commitments/action/{target.pk}/change/")
        page.locator("#practice_links-group .add-row a").click()
        page.get_by_role("combobox", name="Practice").click()
        page.locator(".select2-search__field").fill("position paper")
        page.get_by_role("option", name=paper.title).click()
        staff.audit()  # the form with its new row
        with staff.navigation():
            page.locator("input[name=_continue]").click()
        expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
        assert ActionPractice.objects.filter(action=target, practice=paper).exists()

        # The practice's page says so at once.
        staff.visit(paper.get_absolute_url())
        serves = page.get_by_role("region", name="Sector commitments it serves")
        expect(serves.get_by_role("link", name="Serves DESIGN-MTS action 3.2")).to_be_visible()
    finally:
        context.close()
