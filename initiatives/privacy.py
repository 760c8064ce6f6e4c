"""What the initiatives register holds about people and organisations (the GDPR registry)."""

from __future__ import annotations

from typing import Any

from accounts.hooks import PersonalData
from initiatives.models import Initiative, InitiativePartner


def export(user: Any) -> dict[str, Any]:
    return {
        "initiatives_registered": [
            {
                "title": initiative.title,
                "organisation": initiative.organisation.name,
                "registered": initiative.created_at.isoformat(),
                "published": initiative.published_at.isoformat()
                if initiative.published_at
                else None,
            }
            for initiative in Initiative.objects.filter(created_by=user).select_related(
                "organisation"
            )
        ],
        "partner_requests_sent": [
            {
                "initiative": p.initiative.title,
                "partner": p.organisation.name,
                "asked": p.invited_at.isoformat(),
            }
            for p in InitiativePartner.objects.filter(invited_by=user).select_related(
                "initiative", "organisation"
            )
        ],
        "partner_requests_answered": [
            {
                "initiative": p.initiative.title,
                "answer": p.state,
                "answered": p.answered_at.isoformat() if p.answered_at else None,
            }
            for p in InitiativePartner.objects.filter(answered_by=user).select_related("initiative")
        ],
    }


ENTRY = PersonalData(
    section="initiatives",
    covers={
        "initiatives.Initiative": (
            "deleted with its organisation; the person who registered it is set to null when "
            "their account is deleted"
        ),
        "initiatives.InitiativePartner": (
            "deleted with either organisation; who asked and who answered are set to null"
        ),
        "initiatives.Resource": "deleted with the initiative, files from storage after commit",
    },
    export=export,
)
