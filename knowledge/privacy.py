"""What the knowledge centre holds about a person, for the GDPR registry (``accounts.hooks``)."""

from __future__ import annotations

from typing import Any

import uploads
from accounts.hooks import PersonalData
from knowledge.models import Attachment, Collection, Practice, SavedSearch


def export(user: Any) -> dict[str, Any]:
    return {
        "saved_searches": [
            {
                "name": s.name,
                "search": s.query,
                "alerts": s.frequency,
                "created": s.created_at.isoformat(),
                "last_alert": s.last_alert_at.isoformat() if s.last_alert_at else None,
            }
            for s in SavedSearch.objects.filter(user=user)
        ],
        "practices_you_suggested": [
            {
                "title": p.title,
                "summary": p.summary,
                "status": p.status,
                "created": p.created_at.isoformat(),
                "attachments": [a.original_name for a in p.attachments.all()],
            }
            for p in Practice.objects.filter(submitted_by=user).prefetch_related("attachments")
        ],
    }


def person_erasing(user: Any) -> None:
    # A suggestion never published is the person's own text: it goes, with its files and its
    # history. A published one belongs to the library now and only loses its submitter.
    unpublished = list(
        Practice.objects.filter(submitted_by=user, published_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    uploads.delete_after_commit(
        a.file for a in Attachment.objects.filter(practice_id__in=unpublished)
    )
    Practice.objects.filter(pk__in=unpublished).delete()
    Practice.history.filter(id__in=unpublished).delete()
    Practice.history.filter(submitted_by_id=user.pk).update(submitted_by=None)
    Practice.history.filter(history_user_id=user.pk).update(history_user=None)
    Collection.history.filter(history_user_id=user.pk).update(history_user=None)


ENTRY = PersonalData(
    section="knowledge",
    covers={
        "knowledge.SavedSearch": "deleted with the account",
        "knowledge.Practice": "suggestions never published deleted with their attachments and"
        " files; published ones kept without the submitter",
        "knowledge.Submission": "as knowledge.Practice (the review queue's view of it)",
        "knowledge.PracticeDueForReview": "as knowledge.Practice (a view of it)",
        "knowledge.HistoricalPractice": "anonymised: submitter and editor set to null; the"
        " history of deleted suggestions deleted",
        "knowledge.HistoricalCollection": "anonymised: editor set to null",
    },
    export=export,
    person_erasing=person_erasing,
)
