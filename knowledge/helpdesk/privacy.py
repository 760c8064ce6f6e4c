"""What the help desk holds about a person, for the GDPR registry (``accounts.hooks``)."""

from __future__ import annotations

from typing import Any

from accounts.hooks import PersonalData
from knowledge.helpdesk.models import Expert, HelpQuestion, Message


def _question(question: HelpQuestion) -> dict[str, Any]:
    return {
        "subject": question.subject,
        "question": question.body,
        "priority_area": str(question.theme),
        "status": question.status,
        "asked": question.created_at.isoformat(),
        "may_be_published": question.publish_consent,
        "consent": question.consent_version,
        "thread": [
            {
                "from": "you" if message.from_asker else "expert",
                "message": message.body,
                "written": message.created_at.isoformat(),
            }
            for message in question.messages.all()
        ],
    }


def _asked_by(user: Any):
    # Questions asked with the account, and those asked without one from its address.
    return HelpQuestion.objects.filter(asker=user) | HelpQuestion.objects.filter(
        asker__isnull=True, email__iexact=user.email
    )


def export(user: Any) -> dict[str, Any]:
    expert = Expert.objects.filter(user=user).prefetch_related("themes").first()
    return {
        "questions_you_asked": [
            _question(q)
            for q in _asked_by(user).select_related("theme").prefetch_related("messages")
        ],
        "expert_for": [str(theme) for theme in expert.themes.all()] if expert else [],
        "answers_you_wrote": [
            {"question": m.question.subject, "answer": m.body, "written": m.created_at.isoformat()}
            for m in Message.objects.filter(author=user, from_asker=False).select_related(
                "question"
            )
        ],
    }


def person_erasing(user: Any) -> None:
    # The account's questions go with it by CASCADE; those asked without an account from
    # the same address go too. A published practice made from one stays: it was anonymised.
    HelpQuestion.objects.filter(asker__isnull=True, email__iexact=user.email).delete()


ENTRY = PersonalData(
    section="helpdesk",
    covers={
        "knowledge.HelpQuestion": "deleted with the account, with their threads; questions asked"
        " without an account from its email address too; practices published from them stay"
        " (anonymised); questions the person claimed as an expert lose the expert",
        "knowledge.Expert": "deleted with the account",
        "knowledge.Message": "the person's replies go with their questions; answers they wrote"
        " as an expert stay with the asker's thread without the author",
    },
    export=export,
    person_erasing=person_erasing,
)
