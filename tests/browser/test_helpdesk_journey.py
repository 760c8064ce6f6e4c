"""The help desk in the real Chromium: an SME without an account asks a question, an expert
claims and answers it, the SME follows the link in the email and replies, the expert answers
again, and a curator publishes the thread, anonymised, as a "Question and answer" practice.
Every page is audited with axe (see conftest.py)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core import mail
from playwright.sync_api import Browser, BrowserContext, expect

from accounts.models import User
from knowledge.helpdesk.models import HelpQuestion
from knowledge.models import Practice, PracticeType
from tests.browser.sessions import signed_in
from tests.conftest import sign_in_with_second_factor
from tests.knowledge.conftest import make_practice
from tests.knowledge.helpdesk_helpers import AREA, make_expert


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


def _link_in_answer_email(to: str) -> str:
    # The link is a secret of the message: only the mail as sent holds it, not the outbox row.
    text = next(m.body for m in reversed(mail.outbox) if m.to == [to])
    found = re.search(r"https?://\S+/help/thread/\S+/", text)
    assert found, text
    return urlsplit(found.group(0)).path


def test_helpdesk_journey(browser: Browser, base_url: str, audited_page, staff: User) -> None:
    related = make_practice(title="Energy audit checklist", themes=[AREA])
    expert = make_expert()
    sme = browser.new_context()
    expert_context = signed_in(browser, base_url, expert)
    curator_context = _staff_context(browser, base_url, staff)
    try:
        # 1. The SME finds the help desk in the footer and asks, without an account.
        visitor = audited_page(sme)
        page = visitor.page
        visitor.visit("/")
        with visitor.navigation():
            page.get_by_role("contentinfo").get_by_role("link", name="Ask an expert").click()
        page.get_by_label("Subject:", exact=True).fill("Old compressors use too much power")
        page.get_by_label("Your question:", exact=True).fill(
            "We run two old compressors. What can we do?"
        )
        page.get_by_label("Priority area:", exact=True).select_option(
            label="Eco-efficiency and energy savings"
        )
        page.get_by_label("Size of your organisation (optional):", exact=True).select_option(
            "small"
        )
        page.get_by_label("Your email address:", exact=True).fill("owner@sme.example.org")
        page.get_by_label(re.compile("^By sending this question")).check()
        page.get_by_label(re.compile("^Curators may publish")).check()
        with visitor.navigation():
            page.get_by_role("button", name="Send the question").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Your question is sent")
        question = HelpQuestion.objects.get()

        # 2. The expert claims it from the queue and answers.
        desk = audited_page(expert_context)
        expert_page = desk.page
        desk.visit("/help/queue/")
        with desk.navigation():
            expert_page.get_by_role("link", name="Old compressors use too much power").click()
        with desk.navigation():
            expert_page.get_by_role("button", name="Claim this question").click()
        expert_page.get_by_label("Message:", exact=True).fill(
            "Fix the leaks first; then consider a heat pump."
        )
        with desk.navigation():
            expert_page.get_by_role("button", name="Send the answer").click()
        expect(expert_page.get_by_text("Fix the leaks first")).to_be_visible()

        # 3. The SME follows the link in the email, reads the answer and replies.
        visitor.visit(_link_in_answer_email("owner@sme.example.org"))
        expect(page.get_by_text("Fix the leaks first")).to_be_visible()
        page.get_by_label("Message:", exact=True).fill("How do we find the leaks?")
        with visitor.navigation():
            page.get_by_role("button", name="Send the reply").click()
        expect(page.get_by_text("How do we find the leaks?")).to_be_visible()

        # 4. The expert answers the reply.
        desk.visit(question.get_absolute_url())
        expect(expert_page.get_by_text("How do we find the leaks?")).to_be_visible()
        expert_page.get_by_label("Message:", exact=True).fill(
            "Listen at night, or use an ultrasonic detector."
        )
        with desk.navigation():
            expert_page.get_by_role("button", name="Send the answer").click()

        # 5. A curator publishes the thread, anonymised, as a practice.
        curator = audited_page(curator_context)
        curator_page = curator.page
        curator.visit("/help/queue/")
        with curator.navigation():
            curator_page.get_by_role("link", name="Old compressors use too much power").click()
        with curator.navigation():
            curator_page.get_by_role("link", name="Publish as a practice").click()
        curator_page.get_by_label("Title:", exact=True).fill("Finding compressed-air leaks")
        curator_page.get_by_label("Summary:", exact=True).fill(
            "A small firm asked how to save on compressors."
        )
        curator_page.get_by_label("Related practices:", exact=True).select_option(
            label=related.title
        )
        curator_page.get_by_label(re.compile("^I removed everything")).check()
        with curator.navigation():
            curator_page.get_by_role("button", name="Publish in the knowledge centre").click()
        expect(curator_page.get_by_role("heading", level=1)).to_have_text(
            "Finding compressed-air leaks"
        )
        practice = Practice.objects.get(type=PracticeType.QUESTION_ANSWER)
        assert "owner@sme.example.org" not in practice.body
        # Anyone now finds it in the library.
        visitor.visit(practice.get_absolute_url())
        expect(page.get_by_role("article").get_by_role("link", name=related.title)).to_be_visible()
    finally:
        sme.close()
        expert_context.close()
        curator_context.close()
