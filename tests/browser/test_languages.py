"""Every main page, switched to Dutch, French and German with the language switcher the way a
visitor does it: the address gets the language's prefix, <html lang> follows, no English from
the catalogue is left on the page (outside proper names and user content, which carry their own
lang or translate="no"), and the page passes axe.

Passes once locale/{nl,fr,de} are translated and compiled (`make messages`)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from alliance.models import Coalition
from commitments.models import Action, Framework
from forum.models import Body, Meeting
from knowledge.models import Practice
from taxonomy.models import Theme
from tests.browser.sessions import signed_in
from tests.config.test_check_translations import catalogues
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("nl", "fr", "de")
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")

# The text nodes a reader sees in the page's own language: not inside an element that says it
# is in another language (user content, names) or is not to be translated, nor in scripts.
_VISIBLE_TEXT = """() => {
  const pageLang = document.documentElement.lang;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const texts = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    const text = node.textContent.replace(/\\s+/g, " ").trim();
    if (!text || element.closest("script, style, template, [translate='no']")) continue;
    const marked = element.closest("[lang]");
    if (marked && marked.lang && marked.lang !== pageLang) continue;
    if (!element.checkVisibility()) continue;
    texts.push(text);
  }
  for (const element of document.querySelectorAll("[alt], [title], [aria-label], [placeholder]")) {
    if (element.closest("[translate='no']")) continue;
    const marked = element.closest("[lang]");
    if (marked && marked.lang && marked.lang !== pageLang) continue;
    for (const name of ["alt", "title", "aria-label", "placeholder"]) {
      const value = (element.getAttribute(name) || "").trim();
      if (value) texts.push(value);
    }
  }
  return texts;
}"""


@cache
def _english(language: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """English catalogue strings whose translation into ``language`` reads differently: whole
    messages (for texts equal to one) and their literal parts of two words or more."""
    po = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    whole, parts = set(), set()
    for entry in catalogues.parse_po(po.read_text(encoding="utf-8")):
        if entry.obsolete or entry.msgstr[:1] == [entry.msgid]:
            continue
        whole.add(" ".join(entry.msgid.split()))
        for part in _PLACEHOLDER.split(entry.msgid):
            part = " ".join(part.split()).strip(" .,:;“”\"'()–-")
            if len(part.split()) >= 2 and len(part) >= 10:
                parts.add(part)
    return frozenset(whole), tuple(sorted(parts, key=len, reverse=True))


def _english_left(page: Page, language: str) -> list[str]:
    whole, parts = _english(language)
    left = []
    for text in page.evaluate(_VISIBLE_TEXT):
        if text in whole:
            left.append(text)
        else:
            left += [f"{part!r} in {text!r}" for part in parts if part in text]
    return left


def _switch(visitor, language: str) -> None:
    """Use the footer's language switcher: the same links signed in or not."""
    with visitor.navigation():
        visitor.page.locator("footer").locator(f'a[hreflang="{language}"]').click()


def _check_languages(visitor, path: str) -> None:
    visitor.visit(path)
    for language in LANGUAGES:
        _switch(visitor, language)
        expect(visitor.page).to_have_url(re.compile(rf"/{language}{re.escape(path)}(\?.*)?$"))
        assert visitor.page.locator("html").get_attribute("lang") == language
        left = _english_left(visitor.page, language)
        assert not left, f"English left on /{language}{path}: {left}"


@pytest.fixture
def demo(db) -> dict[str, str]:
    call_command("seed_demo", verbosity=0)
    framework = Framework.objects.order_by("pk").first()
    action = Action.objects.filter(commitment__framework=framework).order_by("pk").first()
    meeting = Meeting.objects.filter(visibility="public").order_by("starts_at").first()
    return {
        "priority_area": f"/alliance/priority-areas/{Theme.objects.first().slug}/",
        "coalition": Coalition.objects.select_related("theme").first().get_absolute_url(),
        "practice": Practice.objects.published().order_by("pk").first().get_absolute_url(),
        "body": Body.objects.order_by("pk").first().get_absolute_url(),
        "meeting": meeting.get_absolute_url(),
        "framework": framework.get_absolute_url(),
        "dashboard": f"{framework.get_absolute_url()}dashboard/",
        "action": action.get_absolute_url(),
    }


def test_public_pages_switch_language_and_are_translated(page: Page, audited_page, demo):
    visitor = audited_page(page)
    paths = [
        "/",
        "/alliance/",
        demo["priority_area"],
        "/alliance/coalitions/",
        demo["coalition"],
        "/alliance/statistics/",
        "/knowledge/",
        demo["practice"],
        "/forum/",
        demo["body"],
        "/forum/meetings/",
        demo["meeting"],
        "/commitments/",
        demo["framework"],
        demo["dashboard"],
        demo["action"],
        "/accounts/login/",
        "/accounts/signup/",
    ]
    for path in paths:
        _check_languages(visitor, path)


def test_account_pages_switch_language_and_are_translated(
    browser: Browser, base_url: str, audited_page, demo
):
    person = UserFactory(email="lena@example.org", name="Lena Maes")
    context = signed_in(browser, base_url, person)
    try:
        visitor = audited_page(context)
        for path in [
            "/start/",
            "/account/",
            "/forum/me/",
            "/commitments/pledges/",
            "/knowledge/saved/",
        ]:
            _check_languages(visitor, path)
    finally:
        context.close()
    person.refresh_from_db()
    assert person.language == "de"  # the last choice is remembered for email too
