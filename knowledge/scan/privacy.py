"""The quick scan in the GDPR registry (``accounts.hooks``): an organisation's runs go with the
organisation; a person's name goes from the runs they started and the answers they gave."""

from __future__ import annotations

from typing import Any

from accounts.hooks import PersonalData
from knowledge.scan.models import Answer, Run


def export(user: Any) -> list[dict[str, Any]]:
    """The quick scans of the person's organisations (members see them all), with the answers
    the person gave."""
    runs = (
        Run.objects.filter(organisation__memberships__user=user)
        .select_related("organisation", "questionnaire")
        .order_by("started_at", "pk")
    )
    own = {}
    for answer in Answer.objects.filter(answered_by=user).select_related("question", "option"):
        own.setdefault(answer.run_id, []).append(
            {"question": answer.question.text, "answer": answer.option.label}
        )
    return [
        {
            "organisation": run.organisation.name,
            "questionnaire": f"{run.questionnaire.title} (v{run.questionnaire.version})",
            "started": run.started_at.isoformat(),
            "started_by_you": run.started_by_id == user.pk,
            "completed": run.completed_at.isoformat() if run.completed_at else None,
            "scores": run.scores,
            "overall": run.total,
            "your_answers": own.get(run.pk, []),
        }
        for run in runs
    ]


def organisation_erasing(organisation: Any) -> None:
    # The runs are the organisation's own assessment: they go with it, answers included.
    Run.objects.filter(organisation=organisation).delete()


ENTRY = PersonalData(
    section="quick_scan",
    covers={
        "knowledge.Run": "deleted with the organisation; whoever started it set to null when"
        " their account is deleted",
        "knowledge.Answer": "deleted with the run; whoever gave it set to null when their"
        " account is deleted",
    },
    export=export,
    organisation_erasing=organisation_erasing,
)
