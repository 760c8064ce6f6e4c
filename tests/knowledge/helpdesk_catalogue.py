"""The help desk's part of the site-wide catalogue (tests/catalogue.py), and the contact page's.

Each side's administrator (alice for the canary) asked a question signed in, naming the
organisation in its subject, which an expert of the area (no viewer of the matrix) claimed and
answered; the asker agreed to publication, so staff get the publishing page. Each side also
has a question asked without an account, whose secret link is the one ``helpdesk:thread``
gets: its subject names nobody, since whoever holds the link sees it. One expert, shared.
The contact details are set once.
"""

from __future__ import annotations

from typing import Any

from knowledge.helpdesk import services
from portal.models import ContactDetails
from tests.factories import UserFactory
from tests.knowledge.helpdesk_helpers import ask, make_expert

APP = "helpdesk"
QUESTION_URLS = {
    "helpdesk:question",
    "helpdesk:question_post",
    "helpdesk:claim",
    "helpdesk:handover",
    "helpdesk:publish",
}


def build(world: Any) -> None:
    expert = make_expert(UserFactory(email="zqx-expert@example.org", name="Expert Person"))
    made: dict[str, Any] = {"expert": expert}
    for side in (world.canary, world.control):
        question = ask(side.admin, subject=f"Energy question from {side.organisation.name}")
        services.question_claim(question=question, by=expert)
        services.answer_post(question=question, by=expert, body="Ask your energy agency.")
        anonymous = ask(
            email=f"{world.side_name(side)}-asker@example.org",
            subject="A question asked without an account",
        )
        made[world.side_name(side)] = {"question": question, "anonymous": anonymous}
    ContactDetails.objects.update_or_create(
        pk=1,
        defaults={
            "operator": "Catalogue operator",
            "address": "Rue de la Loi 1\n1000 Brussels",
            "email": "contact@example.org",
            "phone": "+32 2 000 00 00",
        },
    )
    world.extra[APP] = made


def kwargs(name: str, params: tuple[str, ...], side_name: str, world: Any) -> list[dict] | None:
    own = world.extra[APP][side_name]
    if name in QUESTION_URLS:
        return [{"uid": own["question"].uid}]
    if name in ("helpdesk:thread", "helpdesk:thread_delete"):
        return [{"token": own["anonymous"].reply_token}]
    if name.startswith("admin:knowledge_helpquestion_"):
        return [{"object_id": own["question"].pk}]
    if name.startswith("admin:knowledge_expert_"):
        return [{"object_id": world.extra[APP]["expert"].expert.pk}]
    if name.startswith("helpdesk:"):
        raise AssertionError(f"tests/knowledge/helpdesk_catalogue.py has no entry for {name}")
    return None
