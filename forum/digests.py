"""Email digests: which period a digest covers, what goes in it, and writing it to the outbox.

A daily digest covers the previous local day (midnight to midnight in the member's own time
zone) and goes out from 07:00 local time; a weekly digest covers Monday to Sunday and goes out
on Monday from 07:00. The beat task runs every few minutes: a digest whose send time has come is
written once, under a key naming the member and the period, so running the task again (or late,
or twice at once) sends nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from forum.models import (
    ActionItem,
    DigestFrequency,
    Meeting,
    MeetingStatus,
    Member,
    MemberPreferences,
    Minutes,
    MinutesStatus,
)
from forum.services import TOPIC_DIGEST, _mail
from knowledge import selectors as knowledge_selectors
from notifications.models import OutgoingEmail

SEND_HOUR = 7
UPCOMING = {DigestFrequency.DAILY: timedelta(days=7), DigestFrequency.WEEKLY: timedelta(days=14)}


@dataclass(frozen=True)
class Window:
    frequency: str
    zone: ZoneInfo
    first_day: date  # local date the period starts
    last_day: date  # local date the period ends (inclusive)
    start: datetime
    end: datetime

    @property
    def label(self) -> str:
        if self.frequency == DigestFrequency.WEEKLY:
            year, week, _day = self.first_day.isocalendar()
            return f"weekly:{year}-W{week:02d}"
        return f"daily:{self.first_day.isoformat()}"


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    # In UTC: arithmetic between two times of one zone ignores a daylight-saving change.
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def digest_window(*, frequency: str, now: datetime, zone: ZoneInfo) -> Window | None:
    """The latest period whose digest is due at ``now`` for someone in ``zone``."""
    local = now.astimezone(zone)
    today = local.date()
    sent_today = local.time() >= time(SEND_HOUR)
    if frequency == DigestFrequency.DAILY:
        end_day = today if sent_today else today - timedelta(days=1)
        first_day = end_day - timedelta(days=1)
    elif frequency == DigestFrequency.WEEKLY:
        monday = today - timedelta(days=today.weekday())
        end_day = monday if (today > monday or sent_today) else monday - timedelta(days=7)
        first_day = end_day - timedelta(days=7)
    else:
        return None
    return Window(
        frequency=frequency,
        zone=zone,
        first_day=first_day,
        last_day=end_day - timedelta(days=1),
        start=_midnight(first_day, zone),
        end=_midnight(end_day, zone),
    )


def new_practices(*, user: Any, themes: list[Any], window: Window) -> list[Any]:
    """Knowledge-centre practices published during the period in the member's themes."""
    if not themes:
        return []
    return list(
        knowledge_selectors.practices_published_between(
            themes=themes, start=window.start, end=window.end
        )
    )


@dataclass
class Digest:
    window: Window
    meetings: list[Meeting] = field(default_factory=list)
    minutes: list[Minutes] = field(default_factory=list)
    actions: list[ActionItem] = field(default_factory=list)
    practices: list[Any] = field(default_factory=list)

    @property
    def overdue(self) -> list[ActionItem]:
        return [item for item in self.actions if item.due_date <= self.window.last_day]

    @property
    def is_empty(self) -> bool:
        return not (self.meetings or self.minutes or self.actions or self.practices)


def digest_build(*, user: Any, window: Window, themes: list[Any] | None = None) -> Digest:
    """What one member's digest for ``window`` holds:

    - meetings of their bodies starting in the days after the period (7 for a daily digest,
      14 for a weekly one), not cancelled;
    - minutes and summary notes of their bodies published during the period;
    - their action items still open, the overdue ones (due on or before the period's last day)
      marked;
    - knowledge-centre practices in their priority areas published during the period.
    """
    bodies = Member.objects.active(on=window.last_day).filter(user=user).values("body_id")
    meetings = list(
        Meeting.objects.filter(
            body_id__in=bodies,
            starts_at__gte=window.end,
            starts_at__lt=window.end + UPCOMING[DigestFrequency(window.frequency)],
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("body")
        .order_by("starts_at", "pk")
    )
    minutes = list(
        Minutes.objects.filter(
            meeting__body_id__in=bodies,
            status=MinutesStatus.PUBLISHED,
            published_at__gte=window.start,
            published_at__lt=window.end,
        )
        .select_related("meeting__body")
        .order_by("published_at", "pk")
    )
    actions = list(
        ActionItem.objects.open()
        .filter(owner=user, created__lt=window.end)
        .select_related("meeting", "body")
        .order_by("due_date", "pk")
    )
    return Digest(
        window=window,
        meetings=meetings,
        minutes=minutes,
        actions=actions,
        practices=new_practices(user=user, themes=themes or [], window=window),
    )


def digests_enqueue(*, now: datetime | None = None) -> int:
    """Write every digest that is due and not written yet. Returns how many were written."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    candidates = (
        MemberPreferences.objects.exclude(digest_frequency=DigestFrequency.NONE)
        .filter(
            user__is_active=True,
            user__in=Member.objects.active(on=today).values("user_id"),
        )
        .select_related("user")
        .prefetch_related("themes")
    )
    due: list[tuple[MemberPreferences, Window, str]] = []
    for preferences in candidates:
        window = digest_window(
            frequency=preferences.digest_frequency, now=now, zone=preferences.zone
        )
        if window is not None:
            due.append((preferences, window, f"forum.digest:{preferences.user_id}:{window.label}"))
    written = set(
        OutgoingEmail.objects.filter(key__in=[key for _p, _w, key in due]).values_list(
            "key", flat=True
        )
    )
    count = 0
    for preferences, window, key in due:
        if key in written:
            continue
        user = preferences.user
        digest = digest_build(user=user, window=window, themes=list(preferences.themes.all()))
        if digest.is_empty:
            continue
        with transaction.atomic():
            if _mail(user, topic=TOPIC_DIGEST, kind="forum_digest", key=key, digest=digest):
                count += 1
    return count
