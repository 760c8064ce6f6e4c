"""Email digests: which period a digest covers, what goes in it, and writing it to the outbox.

A daily digest covers the previous local day (midnight to midnight in the member's own time
zone) and goes out from 07:00 local time; a weekly digest covers Monday to Sunday and goes out
on Monday from 07:00. The beat task runs every few minutes: a digest whose send time has come is
written once, under a key naming the member and the period, so running the task again (or late,
or twice at once) sends nothing twice.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q
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
from forum.services import TOPIC_DIGEST
from knowledge import selectors as knowledge_selectors
from notifications.models import OutgoingEmail
from notifications.services import MemberMail, emails_to_members

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

    The same reading as :func:`digests_enqueue` does for everyone at once.
    """
    theme_ids = frozenset(theme.pk for theme in themes or [])
    contents = _Contents(user_ids=[user.pk], windows=[window], theme_ids=set(theme_ids))
    return contents.digest(user_id=user.pk, window=window, theme_ids=theme_ids)


class _Contents:
    """Everything the due digests can hold, read with a fixed number of queries; each
    member's digest is then picked from it in memory."""

    def __init__(self, *, user_ids: list[int], windows: list[Window], theme_ids: set[int]):
        first = min(window.start for window in windows)
        last = max(window.end for window in windows)
        horizon = max(
            window.end + UPCOMING[DigestFrequency(window.frequency)] for window in windows
        )
        earliest_day = min(window.last_day for window in windows)
        latest_day = max(window.last_day for window in windows)

        self.bodies_of: dict[int, list[tuple[int, date, date | None]]] = defaultdict(list)
        for user_id, body_id, start_date, end_date in (
            Member.objects.filter(user_id__in=user_ids, start_date__lte=latest_day)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=earliest_day))
            .values_list("user_id", "body_id", "start_date", "end_date")
        ):
            self.bodies_of[user_id].append((body_id, start_date, end_date))
        body_ids = {body for rows in self.bodies_of.values() for body, _s, _e in rows}

        self.meetings = list(
            Meeting.objects.filter(
                body_id__in=body_ids,
                starts_at__gte=min(window.end for window in windows),
                starts_at__lt=horizon,
            )
            .exclude(status=MeetingStatus.CANCELLED)
            .select_related("body")
            .order_by("starts_at", "pk")
        )
        self.minutes = list(
            Minutes.objects.filter(
                meeting__body_id__in=body_ids,
                status=MinutesStatus.PUBLISHED,
                published_at__gte=first,
                published_at__lt=last,
            )
            .select_related("meeting__body")
            .order_by("published_at", "pk")
        )
        self.actions_of: dict[int, list[ActionItem]] = defaultdict(list)
        for item in (
            ActionItem.objects.open()
            .filter(owner_id__in=user_ids, created__lt=last)
            .select_related("meeting", "body")
            .order_by("due_date", "pk")
        ):
            self.actions_of[item.owner_id].append(item)
        self.practices = (
            knowledge_selectors.practices_published_between_by_theme(
                theme_ids=theme_ids, start=first, end=last
            )
            if theme_ids
            else []
        )
        # Members of the same bodies with the same themes and period share these lists.
        self._shared: dict[tuple[Any, ...], tuple[list[Any], list[Any], list[Any]]] = {}

    def digest(self, *, user_id: int, window: Window, theme_ids: frozenset[int]) -> Digest:
        bodies = frozenset(
            body
            for body, start_date, end_date in self.bodies_of.get(user_id, [])
            if start_date <= window.last_day and (end_date is None or end_date >= window.last_day)
        )
        shared_key = (bodies, theme_ids, window.start, window.end, window.frequency)
        shared = self._shared.get(shared_key)
        if shared is None:
            until = window.end + UPCOMING[DigestFrequency(window.frequency)]
            shared = self._shared[shared_key] = (
                [
                    meeting
                    for meeting in self.meetings
                    if meeting.body_id in bodies and window.end <= meeting.starts_at < until
                ],
                [
                    minutes
                    for minutes in self.minutes
                    if minutes.meeting.body_id in bodies
                    and window.start <= minutes.published_at < window.end
                ],
                [
                    practice
                    for practice, themes in self.practices
                    if themes & theme_ids and window.start <= practice.published_at < window.end
                ][: knowledge_selectors.DIGEST_PRACTICES],
            )
        meetings, minutes, practices = shared
        actions = [item for item in self.actions_of.get(user_id, []) if item.created < window.end]
        return Digest(
            window=window, meetings=meetings, minutes=minutes, actions=actions, practices=practices
        )


# Rows are committed, and their sending queued, this many at a time, so workers start sending
# while the rest are still being written.
CHUNK = 500


def digests_enqueue(*, now: datetime | None = None) -> int:
    """Write every digest that is due and not written yet. Returns how many were written.

    The number of queries does not grow with the number of members (beyond a few per
    ``CHUNK`` rows): the contents are read once for everyone and each member's digest is
    picked from them in memory, then rendered for that member.
    """
    mails = _digest_mails(_due(now or timezone.now()))
    count = 0
    for first in range(0, len(mails), CHUNK):
        with transaction.atomic():
            count += emails_to_members(
                topic=TOPIC_DIGEST, kind="forum_digest", mails=mails[first : first + CHUNK]
            )
    return count


@dataclass(frozen=True)
class _Due:
    preferences: MemberPreferences
    window: Window
    key: str

    @property
    def theme_ids(self) -> frozenset[int]:
        return frozenset(theme.pk for theme in self.preferences.themes.all())


def _due(now: datetime) -> list[_Due]:
    """The members whose digest is due at ``now`` and not written yet, with its period and
    key (the key names the member and the period, so a digest is written once)."""
    candidates = (
        MemberPreferences.objects.exclude(digest_frequency=DigestFrequency.NONE)
        .filter(
            user__is_active=True,
            user__in=Member.objects.active(on=timezone.localdate(now)).values("user_id"),
        )
        .select_related("user")
        .prefetch_related("themes")
        .order_by("pk")
    )
    due: list[_Due] = []
    windows: dict[tuple[str, str], Window | None] = {}
    for preferences in candidates:
        slot = (preferences.digest_frequency, preferences.time_zone)
        if slot not in windows:
            windows[slot] = digest_window(
                frequency=preferences.digest_frequency, now=now, zone=preferences.zone
            )
        window = windows[slot]
        if window is not None:
            key = f"forum.digest:{preferences.user_id}:{window.label}"
            due.append(_Due(preferences=preferences, window=window, key=key))
    written = set(
        OutgoingEmail.objects.filter(key__in=[entry.key for entry in due]).values_list(
            "key", flat=True
        )
    )
    return [entry for entry in due if entry.key not in written]


def _digest_mails(due: list[_Due]) -> list[MemberMail]:
    """The message of each due member whose digest holds something."""
    if not due:
        return []
    contents = _Contents(
        user_ids=[entry.preferences.user_id for entry in due],
        windows=list({entry.window for entry in due}),
        theme_ids=set().union(*(entry.theme_ids for entry in due)),
    )
    mails: list[MemberMail] = []
    for entry in due:
        window = entry.window
        digest = contents.digest(
            user_id=entry.preferences.user_id, window=window, theme_ids=entry.theme_ids
        )
        if not digest.is_empty:
            context = {"digest": digest, "zone": window.zone}
            mails.append(MemberMail(user=entry.preferences.user, key=entry.key, context=context))
    return mails
