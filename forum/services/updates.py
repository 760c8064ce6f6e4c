"""Members' activity updates: standing agenda items of a series, the updates members send
before a meeting, the reminders to those who have not, and the update paper the secretariat
compiles and circulates (docs/forum.md, "Members' activity updates")."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from forum.models import (
    UPDATE_MAX_LENGTH,
    AgendaItem,
    Constituency,
    Location,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    Member,
    MemberQuerySet,
    MemberUpdate,
    StandingAgendaItem,
    UpdateGrouping,
    UpdatePaper,
)
from forum.permissions import require_manager
from notifications.services import MemberMail, emails_to_members
from pagecache import invalidates

TOPIC_UPDATES = "forum.updates"
TOPIC_UPDATE_PAPERS = "forum.update_papers"
# Members who have not sent their update are reminded this long before the deadline.
UPDATE_REMINDER_BEFORE = timedelta(hours=48)


def members_expected(meeting: Meeting) -> MemberQuerySet:
    """The members who send an update for ``meeting``: everyone active who attends meetings,
    but the secretariat, who compiles them."""
    return Member.objects.active().reporting().filter(body_id=meeting.body_id)


# --- Standing agenda items ------------------------------------------------------------------------


def _renumber_with_standing_first(meeting: Meeting) -> None:
    """Standing items open the agenda, in the series' order; the others follow in theirs."""
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("standing_item")
        .order_by("position", "pk")
    )
    standing = sorted(
        (item for item in items if item.standing_item_id is not None),
        key=lambda item: (item.standing_item.position, item.standing_item.pk),
    )
    ordered = standing + [item for item in items if item.standing_item_id is None]
    for position, item in enumerate(ordered, start=1):
        if item.position != position:
            AgendaItem.objects.filter(pk=item.pk).update(position=position)


def standing_items_apply(meeting: Meeting) -> int:
    """Put the standing items of the meeting's series on its agenda (once each) and, for an
    item that collects updates, set the meeting's deadline when it has none. Returns how many
    items were added."""
    if meeting.series_id is None:
        return 0
    items = list(StandingAgendaItem.objects.filter(series_id=meeting.series_id))
    present = set(
        AgendaItem.objects.filter(meeting=meeting, standing_item__isnull=False).values_list(
            "standing_item_id", flat=True
        )
    )
    added = 0
    for item in items:
        if item.pk not in present:
            AgendaItem.objects.create(
                meeting=meeting,
                standing_item=item,
                position=0,
                title=item.title,
                presenter=item.presenter,
            )
            added += 1
        if item.collects_updates and meeting.updates_due_at is None:
            meeting.updates_due_at = meeting.starts_at - timedelta(days=item.updates_days_before)
            Meeting.objects.filter(pk=meeting.pk).update(updates_due_at=meeting.updates_due_at)
    if added:
        _renumber_with_standing_first(meeting)
    return added


@transaction.atomic
@invalidates("forum")
def standing_item_add(
    *,
    series: MeetingSeries,
    by: Any,
    title: str,
    presenter: str = "",
    updates_days_before: int | None = None,
) -> StandingAgendaItem:
    """A new standing item of ``series``, put on the agenda of its meetings still to come."""
    require_manager(by, series.body)
    series = MeetingSeries.objects.select_for_update().get(pk=series.pk)
    last = series.standing_items.aggregate(last=Max("position"))["last"]
    item = StandingAgendaItem(
        series=series,
        title=title.strip(),
        presenter=presenter.strip(),
        updates_days_before=updates_days_before,
        position=(last or 0) + 1,
    )
    item.full_clean(exclude=["uid", "series"])
    item.save()
    for meeting in series.meetings.filter(starts_at__gt=timezone.now()).exclude(
        status__in=[MeetingStatus.CANCELLED, MeetingStatus.HELD]
    ):
        standing_items_apply(meeting)
    return item


# --- Members' updates -----------------------------------------------------------------------------


def _deadline_text(meeting: Meeting) -> str:
    local = timezone.localtime(meeting.updates_due_at, ZoneInfo(meeting.time_zone))
    return f"{date_format(local, 'DATETIME_FORMAT')} ({meeting.time_zone})"


def updates_open(meeting: Meeting, now: datetime | None = None) -> bool:
    """Whether members may still send or change their update for ``meeting``."""
    return (
        meeting.updates_due_at is not None
        and (now or timezone.now()) <= meeting.updates_due_at
        and meeting.status not in (MeetingStatus.CANCELLED, MeetingStatus.HELD)
    )


@transaction.atomic
@invalidates("forum")
def update_submit(*, meeting: Meeting, user: Any, text: str) -> MemberUpdate:
    """Send or change ``user``'s update for ``meeting``, until its deadline. A late update is
    refused: the paper may already be compiled, and the secretariat can extend the deadline."""
    member = (
        Member.objects.active()
        .attending()
        .filter(body_id=meeting.body_id, user=user)
        .select_for_update()
        .first()
    )
    if member is None:
        raise PermissionDenied(_("Only members who attend the meetings of this body send updates."))
    if meeting.updates_due_at is None:
        raise ValidationError(_("This meeting does not collect written updates."))
    if not updates_open(meeting):
        if meeting.status == MeetingStatus.CANCELLED:
            raise ValidationError(_("This meeting is cancelled."))
        raise ValidationError(
            _(
                "Updates for this meeting were due by %(deadline)s. Ask the secretariat to "
                "extend the deadline, or give your update at the meeting."
            )
            % {"deadline": _deadline_text(meeting)}
        )
    text = text.strip()
    if not text:
        raise ValidationError(_("Write your update before sending it."))
    if len(text) > UPDATE_MAX_LENGTH:
        raise ValidationError(
            _("Keep your update to %(count)d characters.") % {"count": UPDATE_MAX_LENGTH}
        )
    update = MemberUpdate.objects.filter(meeting=meeting, member=member).first()
    if update is None:
        return MemberUpdate.objects.create(meeting=meeting, member=member, text=text)
    if update.text != text:
        update.text = text
        update.save(update_fields=["text", "updated_at"])
    return update


@invalidates("forum")
def updates_deadline_set(*, meeting: Meeting, by: Any, due_at: datetime) -> Meeting:
    """Set when members' updates for ``meeting`` are due (at the latest, its start)."""
    require_manager(by, meeting.body)
    if due_at > meeting.starts_at:
        raise ValidationError(_("Updates must be due before the meeting starts."))
    Meeting.objects.filter(pk=meeting.pk).update(updates_due_at=due_at, updated=timezone.now())
    meeting.updates_due_at = due_at
    return meeting


# --- Reminders ------------------------------------------------------------------------------------


def update_reminders_enqueue(now: datetime | None = None) -> int:
    """Remind each member who has not sent an update for a meeting whose deadline is less than
    ``UPDATE_REMINDER_BEFORE`` away. Beat runs it every few minutes; the key (one per meeting
    and person) makes every run after the first write nothing for the same people, and
    members who join or are still silent on a later run are reminded then."""
    now = now or timezone.now()
    meetings = (
        Meeting.objects.filter(
            updates_due_at__gt=now, updates_due_at__lte=now + UPDATE_REMINDER_BEFORE
        )
        .exclude(status__in=[MeetingStatus.CANCELLED, MeetingStatus.HELD])
        .select_related("body")
    )
    written = 0
    for meeting in meetings:
        sent = MemberUpdate.objects.filter(meeting=meeting, member=OuterRef("pk"))
        silent = (
            members_expected(meeting)
            .filter(~Exists(sent))
            .select_related("user", "user__forum_preferences")
        )
        mails = [
            MemberMail(
                user=member.user,
                key=f"forum.update_reminder:{meeting.pk}:{member.user_id}",
                context={
                    "meeting": meeting,
                    "deadline": meeting.updates_due_at,
                    "zone": _zone(member.user),
                },
            )
            for member in silent
        ]
        written += emails_to_members(topic=TOPIC_UPDATES, kind="forum_update_reminder", mails=mails)
    return written


def _zone(user: Any) -> ZoneInfo:
    preferences = getattr(user, "forum_preferences", None)
    return ZoneInfo(preferences.time_zone if preferences else settings.TIME_ZONE)


# --- The update paper -----------------------------------------------------------------------------


def _groups(meeting: Meeting, updates: list[MemberUpdate]) -> list[dict[str, Any]]:
    if meeting.body.update_grouping == UpdateGrouping.LOCATION:
        order = [*Location.choices, ("", _("Location not stated"))]

        def group_of(update: MemberUpdate) -> str:
            return update.member.location
    else:
        order = list(Constituency.choices)

        def group_of(update: MemberUpdate) -> str:
            return update.member.constituency

    by_group: dict[str, list[dict[str, str]]] = {}
    for update in updates:
        organisation = update.member.organisation
        by_group.setdefault(group_of(update), []).append(
            {
                "name": update.member.user.get_full_name() or _("A member"),
                "organisation": organisation.name if organisation else "",
                "text": update.text,
            }
        )
    return [
        {"label": str(label), "entries": sorted(by_group[key], key=lambda e: e["name"].lower())}
        for key, label in order
        if key in by_group
    ]


@transaction.atomic
@invalidates("forum")
def update_paper_compile(*, meeting: Meeting, by: Any) -> UpdatePaper:
    """Compile the members' updates into the meeting's update paper, grouped as the body
    chooses, and circulate it with the agenda to every active member, informed-only members
    included (one email each, with the link). Compiling again makes the next revision."""
    require_manager(by, meeting.body)
    meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    updates = list(
        MemberUpdate.objects.filter(meeting=meeting).select_related(
            "member__user", "member__organisation"
        )
    )
    if not updates:
        raise ValidationError(_("No member has sent an update yet: there is nothing to compile."))
    paper, _created = UpdatePaper.objects.get_or_create(
        meeting=meeting,
        defaults={"grouping": meeting.body.update_grouping, "compiled_at": timezone.now()},
    )
    paper.grouping = meeting.body.update_grouping
    paper.content = _groups(meeting, updates)
    paper.revision += 1
    paper.compiled_at = timezone.now()
    paper.compiled_by = by if getattr(by, "pk", None) else None
    paper.save()
    recipients = (
        Member.objects.active()
        .filter(body_id=meeting.body_id)
        .select_related("user", "user__forum_preferences")
    )
    emails_to_members(
        topic=TOPIC_UPDATE_PAPERS,
        kind="forum_update_paper",
        mails=[
            MemberMail(
                user=member.user,
                key=f"forum.update_paper:{paper.pk}:{paper.revision}:{member.user_id}",
                context={"meeting": meeting, "paper": paper, "zone": _zone(member.user)},
            )
            for member in recipients
        ],
    )
    return paper


def meeting_moved(meeting: Meeting, *, by: timedelta) -> None:
    """Keep the deadline for updates as far before the meeting as it was."""
    if meeting.updates_due_at is not None and by:
        meeting.updates_due_at += by
        Meeting.objects.filter(pk=meeting.pk).update(updates_due_at=meeting.updates_due_at)
