"""Every kind of email the portal sends (templates/emails/), rendered in each of the four
languages, is in that language: no English sentence from the catalogue is left in the subject,
the text part or the HTML part, and the HTML part says its language.

Passes once locale/{nl,fr,de} are translated and compiled (`make messages`)."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils.html import strip_tags

from commitments.models import Status
from forum.digests import Digest, Window
from forum.models import (
    ActionItem,
    Body,
    Constituency,
    JoinRequest,
    Meeting,
    MemberRole,
    Minutes,
    Recommendation,
    Registration,
)
from knowledge.models import Practice
from notifications.services import email_render
from tests.config.test_check_translations import catalogues

ROOT = Path(__file__).resolve().parents[2]
KINDS = sorted(
    path.name.removesuffix(".subject.txt")
    for path in (ROOT / "templates" / "emails").glob("*.subject.txt")
)
BRUSSELS = ZoneInfo("Europe/Brussels")
START = dt.datetime(2031, 9, 4, 8, 0, tzinfo=dt.UTC)
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def _objects() -> dict:
    """Unsaved model instances where templates call their methods (translated choice labels);
    names and titles that no catalogue string contains."""
    body = Body(name="ZX-Forum", slug="zx-forum", kind="forum")
    meeting = Meeting(
        body=body,
        uid="m1",
        title="ZX-17",
        starts_at=START,
        ends_at=START + dt.timedelta(hours=2),
        time_zone="Europe/Brussels",
        place="Bruxelles/Brussel",
        online_url="https://meet.example.org/zx",
        status="confirmed",
    )
    minutes = Minutes(meeting=meeting, kind="minutes", text="ZX", revision=1)
    practice = Practice(slug="zx", title="ZX-Tool", type="guide", summary="ZX")
    recommendation = Recommendation(
        body=body, uid="r1", reference="R-7", title="ZX-R", status="accepted", response="ZX"
    )
    item = ActionItem(meeting=meeting, uid="a1", title="ZX-A", due_date=dt.date(2031, 9, 1))
    pledge = {
        "organisation": {"name": "ACME"},
        "target_code": "2.3",
        "target_text": "ZX",
        "get_absolute_url": "/commitments/pledges/p1/",
    }
    report = {"period": "2031-H1", "state": "accepted", "get_absolute_url": "/c/r/1/"}
    return {
        "meeting": meeting,
        "minutes": minutes,
        "practice": practice,
        "recommendation": recommendation,
        "item": item,
        "pledge": pledge,
        "report": report,
    }


def _context(kind: str) -> dict:
    o = _objects()
    zone = ZoneInfo("Asia/Tokyo")  # the recipient's zone differs: the "=" line is rendered too
    common = {"zone": zone, "unsubscribe_url": "https://portal.example.org/u/x/"}
    contexts = {
        "invitation": {
            "organisation": {"name": "ACME"},
            "inviter": {"get_full_name": "Ada Lovelace"},
            "invitation": {"expires_at": START},
            "accept_url": "https://portal.example.org/i/x/",
        },
        "forum_member_invitation": {
            "body": o["meeting"].body,
            "inviter": {"get_full_name": "Ada Lovelace"},
            "organisation_name": "ACME",
            "role": MemberRole.MEMBER.label,
            "constituency": Constituency.BUSINESS.label,
            "accept_url": "https://portal.example.org/forum/join/x/",
            "expires": START,
        },
        "staff_enrolment": {
            "enrol_url": "https://portal.example.org/account/second-factor/?token=x",
            "minutes": 30,
        },
        "forum_digest": {
            "digest": Digest(
                window=Window(
                    frequency="weekly",
                    zone=BRUSSELS,
                    first_day=dt.date(2031, 9, 1),
                    last_day=dt.date(2031, 9, 7),
                    start=START,
                    end=START,
                ),
                meetings=[o["meeting"]],
                minutes=[o["minutes"]],
                actions=[o["item"]],
                practices=[o["practice"]],
            )
        },
        "forum_action_item": {"meeting": o["meeting"], "item": o["item"]},
        "initiatives_partner_request": {
            "initiative": {"title": "ZX-Init"},
            "owner": {"name": "ACME"},
            "partner": {"name": "ZX-Partner"},
            "answer_path": "/initiatives/organisations/zx/",
        },
        "forum_join_decided": {
            "body": o["meeting"].body,
            "join_request": JoinRequest(body=o["meeting"].body, status="declined", reason="ZX"),
            "approved": False,
        },
        "forum_join_requested": {
            "body": o["meeting"].body,
            "join_request": JoinRequest(
                body=o["meeting"].body, constituency="business", motivation="ZX"
            ),
            "asker": {"get_full_name": "Ada Lovelace"},
            "queue_url": "https://portal.example.org/forum/bodies/zx-forum/requests/",
        },
        "forum_update_reminder": {
            "meeting": o["meeting"],
            "deadline": o["meeting"].starts_at - dt.timedelta(days=3),
        },
        "forum_update_paper": {"meeting": o["meeting"], "paper": {"entry_count": 2}},
        "forum_registrations_withdrawn": {
            "body": o["meeting"].body,
            "meetings": [o["meeting"]],
        },
        "forum_meeting_cancelled": {"meeting": o["meeting"]},
        "forum_meeting_moved": {"meeting": o["meeting"]},
        "forum_minutes": {"meeting": o["meeting"], "minutes": o["minutes"]},
        "forum_recommendation_response": {"recommendation": o["recommendation"]},
        "forum_registration": {
            "meeting": o["meeting"],
            "registration": Registration(meeting=o["meeting"], status="registered"),
            "promoted": False,
        },
        "forum_reminder": {"meeting": o["meeting"]},
        "knowledge_alert": {
            "saved_search": {"name": "ZX"},
            "practices": [(o["practice"], "https://portal.example.org/knowledge/p/zx/")],
            "more": 3,
            "search_url": "https://portal.example.org/knowledge/?q=zx",
            "manage_url": "https://portal.example.org/knowledge/saved/",
        },
        "knowledge_submission_declined": {"practice": o["practice"], "reason": "ZX"},
        "knowledge_helpdesk_new": {
            "question": {"subject": "ZX-Q", "theme": "ZX-area"},
            "question_url": "https://portal.example.org/help/q/zx/",
        },
        "knowledge_helpdesk_answer": {
            "question": {"subject": "ZX-Q"},
            "message": {"body": "ZX"},
            "question_url": "https://portal.example.org/help/q/zx/",
        },
        "knowledge_helpdesk_reply": {
            "question": {"subject": "ZX-Q"},
            "message": {"body": "ZX"},
            "question_url": "https://portal.example.org/help/q/zx/",
        },
        "knowledge_submission_published": {
            "practice": o["practice"],
            "practice_url": "https://portal.example.org/knowledge/p/zx/",
        },
        "initiatives_calls_decision": {
            "proposal": {
                "title": "ZX-P",
                "organisation": {"name": "ACME"},
                "decision_message": "ZX",
                "initiative": {"title": "ZX-P"},
            },
            "call": {"title": "ZX-C"},
            "accepted": True,
            "proposal_url": "https://portal.example.org/calls/proposals/zx/",
            "initiative_url": "https://portal.example.org/initiatives/zx/",
        },
        "initiatives_calls_draft_reminder": {
            "proposal": {"title": "ZX-P", "organisation": {"name": "ACME"}},
            "call": {"title": "ZX-C", "deadline": START},
            "proposal_url": "https://portal.example.org/calls/proposals/zx/",
        },
        "initiatives_calls_review_reminder": {
            "call": {"title": "ZX-C", "review_deadline": START},
            "proposals": [{"title": "ZX-P", "uid": "zx"}],
            "queue_url": "https://portal.example.org/calls/reviews/",
        },
        "commitments_reminder": {
            "framework": {"short_title": "DESIGN-MTS"},
            "period": {"code": "2031-H1", "due": dt.date(2031, 9, 30)},
            "organisation": {"name": "ACME"},
            "pledges": [o["pledge"]],
        },
        "commitments_report_submitted": {
            "framework": {"short_title": "DESIGN-MTS"},
            "pledge": o["pledge"],
            "report": o["report"],
        },
        "commitments_report_reviewed": {
            "pledge": o["pledge"],
            "report": o["report"],
            "comment": "ZX",
        },
        "commitments_status_changed": {
            "pledge": o["pledge"],
            "action": {"get_absolute_url": "/commitments/design-mts/a/2.3/"},
            "framework": {"short_title": "DESIGN-MTS"},
            "organisation": {"name": "ACME"},
            "old_status": Status.LIMITED.label,
            "new_status": Status.SUBSTANTIAL.label,
            "period": "2031-H1",
        },
        "welcome": {
            "on": [
                {
                    "label": "ZX-digest",
                    "note": "ZX",
                    "change_url": "https://portal.example.org/forum/me/",
                }
            ],
            "off": ["ZX-minutes"],
            "preferences_url": "https://portal.example.org/account/#emails",
        },
        "releases_budget_spent": {
            "cost": 3.0,
            "spent": 159.0,
            "budget": 160.0,
            "frees_at": START,
        },
    }
    return {**common, **contexts[kind]}


def _english_sentences(language: str) -> list[str]:
    """The English side of every catalogue entry whose translation reads differently: the
    literal parts of at least two words (placeholders cut out)."""
    po = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    sentences = set()
    for entry in catalogues.parse_po(po.read_text(encoding="utf-8")):
        if entry.obsolete or entry.msgstr[:1] == [entry.msgid]:
            continue
        for part in _PLACEHOLDER.split(entry.msgid):
            part = " ".join(part.split()).strip(" .,:;“”\"'()–-")
            if len(part.split()) >= 2 and len(part) >= 10:
                sentences.add(part)
    return sorted(sentences, key=len, reverse=True)


def test_every_kind_of_email_has_a_context_here():
    assert KINDS and set(KINDS) == {kind for kind in KINDS if _context(kind)}


@pytest.mark.parametrize("language", ["en", "nl", "fr", "de"])
@pytest.mark.parametrize("kind", KINDS)
def test_email_is_written_in_the_recipients_language(kind, language):
    rendered = email_render(kind=kind, context=_context(kind), language=language)

    assert rendered.subject and rendered.text.strip()
    assert f'<html lang="{language}">' in rendered.html
    if language == "en":
        return
    english = email_render(kind=kind, context=_context(kind), language="en")
    assert rendered.subject != english.subject  # subjects are short: all of it is translated
    parts = {
        "subject": rendered.subject,
        "text": " ".join(rendered.text.split()),
        "html": " ".join(unescape(strip_tags(rendered.html)).split()),
    }
    left = {
        name: [s for s in _english_sentences(language) if s in text] for name, text in parts.items()
    }
    assert left == {"subject": [], "text": [], "html": []}
