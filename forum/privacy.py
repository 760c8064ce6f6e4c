"""What the Forum holds about a person, for the GDPR registry (``accounts.hooks``)."""

from __future__ import annotations

from typing import Any

from accounts.hooks import PersonalData
from forum.models import (
    ActionItem,
    JoinRequest,
    Member,
    MemberPreferences,
    MemberUpdate,
    Registration,
)


def export(user: Any) -> dict[str, Any]:
    preferences = MemberPreferences.objects.filter(user=user).first()
    return {
        "memberships": [
            {
                "body": m.body.name,
                "organisation": m.organisation.name if m.organisation else None,
                "constituency": m.constituency,
                "role": m.role,
                "from": m.start_date.isoformat(),
                "until": m.end_date.isoformat() if m.end_date else None,
            }
            for m in Member.objects.filter(user=user).select_related("body", "organisation")
        ],
        "preferences": preferences
        and {
            "digest": preferences.digest_frequency,
            "time_zone": preferences.time_zone,
            "priority_areas": [str(t) for t in preferences.themes.all()],
            # The secret itself stays out of a file that may be kept anywhere.
            "calendar_feed": True,
        },
        "registrations": [
            {
                "meeting": r.meeting.title,
                "starts": r.meeting.starts_at.isoformat(),
                "status": r.status,
                "constituency": r.constituency,
                "organisation": r.organisation_name,
                "attended": r.attended,
            }
            for r in Registration.objects.filter(user=user).select_related("meeting")
        ],
        "requests_to_join": [
            {
                "body": j.body.name,
                "organisation": j.organisation.name if j.organisation else None,
                "constituency": j.constituency,
                "motivation": j.motivation,
                "asked": j.created.isoformat(),
                "status": j.status,
                "reason": j.reason,
            }
            for j in JoinRequest.objects.filter(user=user).select_related("body", "organisation")
        ],
        "action_items": [
            {"action": a.title, "due": a.due_date.isoformat(), "done": a.is_done}
            for a in ActionItem.objects.filter(owner=user)
        ],
        "activity_updates": [
            {"meeting": u.meeting.title, "sent": u.submitted_at.isoformat(), "text": u.text}
            for u in MemberUpdate.objects.filter(member__user=user).select_related("meeting")
        ],
    }


ENTRY = PersonalData(
    section="forum",
    covers={
        "forum.Member": "deleted with the account; the organisation set to null when it goes",
        "forum.MemberPreferences": "deleted with the account, with the calendar feed's secret",
        "forum.Registration": "deleted with the account",
        "forum.JoinRequest": "deleted with the account; kept with the decider set to null when"
        " the secretary who answered goes",
        "forum.ActionItem": "kept for the body, the owner set to null",
        "forum.MeetingSeries": "kept, the author set to null",
        "forum.Meeting": "kept, the author set to null",
        "forum.DocumentVersion": "kept with its file (the meeting's record), the uploader set"
        " to null",
        "forum.MinutesRevision": "kept, the publisher set to null",
        "forum.RecommendationReview": "kept, the author set to null",
        "forum.MemberUpdate": "deleted with the account (with the membership)",
        "forum.UpdatePaper": "kept (the meeting's record, as circulated), the compiler set to"
        " null; the person's name and update in it erased as a mention",
    },
    export=export,
    mentions=[
        "forum.Minutes",
        "forum.MinutesRevision",
        "forum.ActionItem",
        "forum.Recommendation",
        "forum.MemberUpdate",
        "forum.UpdatePaper",
    ],
)
