"""What the forum emails, through the outbox: the topics, and one helper per kind of message.
Reminders are outbox rows due before the meeting."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from forum.models import (
    Meeting,
    MemberPreferences,
    Registration,
    RegistrationStatus,
)
from notifications.models import OutgoingEmail, Status
from notifications.services import email_to_member

TOPIC_MEETINGS = "forum.meetings"
TOPIC_REMINDERS = "forum.reminders"
TOPIC_MINUTES = "forum.minutes"
TOPIC_DIGEST = "forum.digest"
TOPIC_RECOMMENDATIONS = "forum.recommendations"
TOPIC_ACTIONS = "forum.actions"
TOPIC_JOINING = "forum.joining"
TOPIC_JOIN_REQUESTS = "forum.join-requests"


def _zone_of(user: Any) -> ZoneInfo:
    """The zone a person reads times in: their forum preference, else the site's zone."""
    name = MemberPreferences.objects.filter(user=user).values_list("time_zone", flat=True).first()
    return ZoneInfo(name or settings.TIME_ZONE)


def mail_member(
    user: Any, *, topic: str, kind: str, key: str, due_at: datetime | None = None, **context: Any
):
    zone = _zone_of(user)
    return email_to_member(
        user=user,
        topic=topic,
        kind=kind,
        key=key,
        context={**context, "zone": zone},
        due_at=due_at,
    )


def mail_registrants(meeting: Meeting, *, kind: str, key: str) -> None:
    """Tell everyone registered or waiting (not those who declined or never registered) about
    ``meeting``; each message's key is ``key`` followed by the person's id."""
    for registration in meeting.registrations.filter(
        status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITING]
    ).select_related("user"):
        mail_member(
            registration.user,
            topic=TOPIC_MEETINGS,
            kind=kind,
            key=f"{key}:{registration.user_id}",
            meeting=meeting,
        )


def mail_registration(
    meeting: Meeting, registration: Registration, *, promoted: bool = False
) -> None:
    mail_member(
        registration.user,
        topic=TOPIC_MEETINGS,
        kind="forum_registration",
        key=f"forum.registration:{registration.pk}:{registration.changes}",
        meeting=meeting,
        registration=registration,
        promoted=promoted,
    )


def mail_registrations_withdrawn(
    user: Any, *, body: Any, registrations: list[Registration]
) -> None:
    """Tell a person who left ``body`` (or whose membership the secretariat ended) which of
    its members' meetings they are no longer registered for. The key holds the moment, so
    leaving again after rejoining tells them again."""
    mail_member(
        user,
        topic=TOPIC_MEETINGS,
        kind="forum_registrations_withdrawn",
        key=f"forum.withdrawn:{body.pk}:{user.pk}:{timezone.now().timestamp():.6f}",
        body=body,
        meetings=[r.meeting for r in registrations],
    )


def _reminder_prefix(meeting: Meeting, user_id: int | None = None) -> str:
    return f"forum.reminder:{meeting.pk}:" + (f"{user_id}:" if user_id is not None else "")


def reminders_enqueue(meeting: Meeting, user: Any) -> None:
    """One outbox row per reminder time, due then; the beat dispatcher sends it when due.
    The key holds the start time, so a moved meeting gets fresh rows."""
    now = timezone.now()
    for hours in meeting.reminder_hours or []:
        due = meeting.starts_at - timedelta(hours=int(hours))
        if due <= now:
            continue
        mail_member(
            user,
            topic=TOPIC_REMINDERS,
            kind="forum_reminder",
            key=(
                f"{_reminder_prefix(meeting, user.pk)}{int(hours)}:"
                f"{int(meeting.starts_at.timestamp())}"
            ),
            due_at=due,
            meeting=meeting,
            hours=int(hours),
        )


def reminders_cancel(meeting: Meeting, *, user_id: int | None = None) -> int:
    deleted, _rows = OutgoingEmail.objects.filter(
        key__startswith=_reminder_prefix(meeting, user_id), status=Status.QUEUED
    ).delete()
    return deleted
