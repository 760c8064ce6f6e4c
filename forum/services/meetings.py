"""Meetings and series of meetings: scheduling, changing, cancelling, and creating the
meetings of a series ahead."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.models import (
    Body,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    RegistrationStatus,
)
from forum.permissions import require_manager
from forum.services.mail import (
    mail_registrants,
    reminders_cancel,
    reminders_enqueue,
)
from forum.services.registrations import promote_waiting
from forum.services.updates import meeting_moved, standing_items_apply
from pagecache import invalidates

SERIES_HORIZON = timedelta(days=365)


def _validate_meeting(meeting: Meeting) -> None:
    if meeting.ends_at <= meeting.starts_at:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})


@invalidates("forum")
def meeting_schedule(
    *,
    body: Body,
    by: Any,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    time_zone: str,
    description: str = "",
    place: str = "",
    online_url: str = "",
    capacity: int | None = None,
    status: str = MeetingStatus.PLANNED,
    visibility: str = "members",
    reminder_hours: list[int] | None = None,
    series: MeetingSeries | None = None,
    occurrence: int | None = None,
) -> Meeting:
    require_manager(by, body)
    meeting = Meeting(
        body=body,
        title=title,
        description=description,
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=time_zone,
        place=place,
        online_url=online_url,
        capacity=capacity,
        status=status,
        visibility=visibility,
        reminder_hours=sorted(
            set([168, 24] if reminder_hours is None else reminder_hours), reverse=True
        ),
        series=series,
        occurrence=occurrence,
        created_by=by if getattr(by, "pk", None) else None,
    )
    _validate_meeting(meeting)
    with transaction.atomic():
        meeting.save()
        standing_items_apply(meeting)
    return meeting


_TIME_FIELDS = {"starts_at", "ends_at", "time_zone"}
_PLACE_FIELDS = {"place", "online_url"}


@transaction.atomic
@invalidates("forum")
def meeting_update(*, meeting: Meeting, by: Any, **fields: Any) -> Meeting:
    """Change a meeting. A new time moves its reminders and tells the people registered; more
    places move people up from the waiting list."""
    require_manager(by, meeting.body)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("A cancelled meeting cannot be changed."))
    changed = {name for name, value in fields.items() if getattr(meeting, name) != value}
    if not changed:
        return meeting
    if "reminder_hours" in fields:
        fields["reminder_hours"] = sorted(set(fields["reminder_hours"]), reverse=True)
    was_starting = meeting.starts_at
    for name in changed:
        setattr(meeting, name, fields[name])
    _validate_meeting(meeting)
    moved = bool(changed & {"starts_at", "ends_at"})
    if changed & (_TIME_FIELDS | _PLACE_FIELDS):
        meeting.sequence += 1
        changed.add("sequence")
    meeting.save(update_fields=[*changed, "updated"])
    meeting_moved(meeting, by=meeting.starts_at - was_starting)
    # Reminders are rendered when queued: any change re-renders the ones not yet sent.
    if meeting.status != MeetingStatus.HELD:
        reminders_cancel(meeting)
        for registration in meeting.registrations.filter(
            status=RegistrationStatus.REGISTERED
        ).select_related("user"):
            reminders_enqueue(meeting, registration.user)
    if moved:
        mail_registrants(
            meeting, kind="forum_meeting_moved", key=f"forum.moved:{meeting.pk}:{meeting.sequence}"
        )
    if "capacity" in changed:
        promote_waiting(meeting)
    return meeting


@transaction.atomic
@invalidates("forum")
def meeting_cancel(*, meeting: Meeting, by: Any) -> Meeting:
    require_manager(by, meeting.body)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status in (MeetingStatus.CANCELLED, MeetingStatus.HELD):
        raise ValidationError(_("This meeting can no longer be cancelled."))
    Meeting.objects.filter(pk=meeting.pk).update(
        status=MeetingStatus.CANCELLED, sequence=F("sequence") + 1, updated=timezone.now()
    )
    meeting.refresh_from_db()
    reminders_cancel(meeting)
    mail_registrants(meeting, kind="forum_meeting_cancelled", key=f"forum.cancelled:{meeting.pk}")
    return meeting


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def series_occurrences(series: MeetingSeries, *, until: datetime) -> list[tuple[int, datetime]]:
    """(occurrence number, UTC start) of each meeting of the series starting before ``until``.

    The local time stays the same across daylight-saving changes: every two months at 10:00 in
    Geneva is 09:00 UTC in winter and 08:00 UTC in summer.
    """
    zone = ZoneInfo(series.time_zone)
    found: list[tuple[int, datetime]] = []
    number = 0
    while True:
        day = _add_months(series.first_date, number * series.interval_months)
        if series.until and day > series.until:
            break
        starts = datetime.combine(day, series.start_time, tzinfo=zone).astimezone(ZoneInfo("UTC"))
        if starts >= until:
            break
        found.append((number, starts))
        number += 1
    return found


@invalidates("forum")
def series_create(*, body: Body, by: Any, **fields: Any) -> MeetingSeries:
    require_manager(by, body)
    series = MeetingSeries(body=body, created_by=by, **fields)
    series.full_clean(exclude=["uid", "created_by"])
    with transaction.atomic():
        series.save()
        series_extend(series=series, by=by)
    return series


@transaction.atomic
@invalidates("forum")
def series_extend(*, series: MeetingSeries, by: Any = None, now: datetime | None = None) -> int:
    """Create the series' meetings for the next year that do not exist yet. Idempotent: each
    occurrence is unique, and a meeting the secretariat moved or cancelled stays as it is."""
    series = MeetingSeries.objects.select_for_update().get(pk=series.pk)
    now = now or timezone.now()
    existing = set(series.meetings.values_list("occurrence", flat=True))
    created = 0
    for number, starts in series_occurrences(series, until=now + SERIES_HORIZON):
        if number in existing or starts + series.duration < now:
            continue
        meeting = Meeting.objects.create(
            body=series.body,
            series=series,
            occurrence=number,
            title=series.title,
            starts_at=starts,
            ends_at=starts + series.duration,
            time_zone=series.time_zone,
            place=series.place,
            online_url=series.online_url,
            capacity=series.capacity,
            visibility=series.visibility,
            reminder_hours=[168, 24],
            created_by=by if getattr(by, "pk", None) else None,
        )
        standing_items_apply(meeting)
        created += 1
    return created


def series_extend_all() -> int:
    return sum(series_extend(series=series) for series in MeetingSeries.objects.all())
