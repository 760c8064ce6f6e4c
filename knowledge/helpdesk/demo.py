"""Demo help desk for ``seed_demo``: an expert, a question waiting, and one answered and
published as a "Question and answer" practice; the operator's contact details live in
``portal`` and are seeded there. Safe to run again: each question is made once."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from knowledge.helpdesk import services
from knowledge.helpdesk.models import Expert, HelpQuestion
from taxonomy.models import Theme

EXPERT = "daan@example.org"
ASKER = "charlie@example.org"
AREAS = ("eco-efficiency", "sme-growth", "supply-chain")

WAITING = (
    "Which label should we ask our suppliers for?",
    "We are a small furniture maker. Our customers ask where our wood comes from. Which "
    "certificates should we ask our suppliers for, and how do we check them?",
    "supply-chain",
)
ANSWERED = (
    "Where do we start with energy savings in a small workshop?",
    "We run a metal workshop with twelve people and two old compressors. Where do we start?",
    "eco-efficiency",
    "Start with the compressed air: leaks often waste a quarter of its energy. Listen for them "
    "on a quiet evening, repair them, and lower the pressure to what your tools need. Then "
    "meter the compressors for a week before you decide on a new one.",
)


def seed() -> None:
    User = get_user_model()
    expert_user = User.objects.filter(email=EXPERT).first()
    asker = User.objects.filter(email=ASKER).first()
    if expert_user is None or asker is None:
        return  # the accounts demo makes them; without it there is no one to ask or answer
    expert, _ = Expert.objects.get_or_create(user=expert_user)
    expert.themes.add(*Theme.objects.filter(slug__in=AREAS))
    subject, body, area = WAITING
    if not HelpQuestion.objects.filter(subject=subject).exists():
        services.question_ask(
            asker=None,
            email="furniture@example.org",
            subject=subject,
            body=body,
            theme=Theme.objects.get(slug=area),
        )
    subject, body, area, answer = ANSWERED
    if not HelpQuestion.objects.filter(subject=subject).exists():
        question = services.question_ask(
            asker=asker,
            subject=subject,
            body=body,
            theme=Theme.objects.get(slug=area),
            publish_consent=True,
        )
        services.question_claim(question=question, by=expert_user)
        services.answer_post(question=question, by=expert_user, body=answer)
        services.question_publish(
            question=question,
            by=expert_user,
            title="Energy savings in a small workshop: where to start",
            summary="A small metal workshop asked the help desk where to begin saving energy.",
            body=f"## Question\n\n{body}\n\n## Answer\n\n{answer}\n",
        )
