"""Minutes (published as revisions and circulated) and action items."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from forum.models import (
    ActionItem,
    Meeting,
    Member,
    Minutes,
    MinutesRevision,
    MinutesStatus,
)
from forum.permissions import can_manage, require_manager
from forum.services.mail import (
    TOPIC_ACTIONS,
    TOPIC_MINUTES,
    mail_member,
)
from pagecache import invalidates


@invalidates("forum")
def minutes_save(*, meeting: Meeting, by: Any, kind: str, text: str) -> Minutes:
    require_manager(by, meeting.body)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None:
        return Minutes.objects.create(meeting=meeting, kind=kind, text=text)
    if minutes.is_published:
        raise ValidationError(_("Reopen the published minutes before you change them."))
    minutes.kind, minutes.text = kind, text
    minutes.save(update_fields=["kind", "text", "updated"])
    return minutes


@transaction.atomic
@invalidates("forum")
def minutes_publish(*, minutes: Minutes, by: Any, confirm_future: bool = False) -> Minutes:
    """Publish and circulate to every member of the body, informed-only members included;
    before the meeting has started only with ``confirm_future``."""
    require_manager(by, minutes.meeting.body)
    minutes = Minutes.objects.select_for_update().select_related("meeting__body").get(pk=minutes.pk)
    if minutes.is_published:
        raise ValidationError(_("These minutes are already published."))
    minutes.meeting.check_may_be_held(confirm_future=confirm_future)
    if not minutes.text.strip():
        raise ValidationError(_("Write the minutes before publishing them."))
    now = timezone.now()
    minutes.revision += 1
    minutes.status = MinutesStatus.PUBLISHED
    minutes.published_at = now
    MinutesRevision.objects.create(
        minutes=minutes,
        number=minutes.revision,
        text=minutes.text,
        reason=minutes.reopen_reason,
        published_at=now,
        published_by=by,
    )
    minutes.reopen_reason = ""
    minutes.save(update_fields=["revision", "status", "published_at", "reopen_reason", "updated"])
    meeting = minutes.meeting
    for member in Member.objects.active().filter(body_id=meeting.body_id).select_related("user"):
        mail_member(
            member.user,
            topic=TOPIC_MINUTES,
            kind="forum_minutes",
            key=f"forum.minutes:{minutes.pk}:{minutes.revision}:{member.user_id}",
            meeting=meeting,
            minutes=minutes,
        )
    return minutes


@invalidates("forum")
def minutes_reopen(*, minutes: Minutes, by: Any, reason: str) -> Minutes:
    require_manager(by, minutes.meeting.body)
    if not reason.strip():
        raise ValidationError(_("Say why the minutes are reopened; readers will see it."))
    updated = Minutes.objects.filter(pk=minutes.pk, status=MinutesStatus.PUBLISHED).update(
        status=MinutesStatus.DRAFT, reopen_reason=reason.strip()[:300], updated=timezone.now()
    )
    if not updated:
        raise ValidationError(_("Only published minutes can be reopened."))
    minutes.refresh_from_db()
    return minutes


@transaction.atomic
@invalidates("forum")
def action_item_add(
    *, meeting: Meeting, by: Any, title: str, owner: User, due_date: date
) -> ActionItem:
    """Agree an action at ``meeting``; its owner is emailed (unless they gave it themselves)."""
    require_manager(by, meeting.body)
    if not Member.objects.filter(body_id=meeting.body_id, user=owner).exists():
        raise ValidationError(_("The owner must be a member of the body."))
    item = ActionItem.objects.create(
        body_id=meeting.body_id, meeting=meeting, title=title, owner=owner, due_date=due_date
    )
    if owner.pk != by.pk:
        mail_member(
            owner,
            topic=TOPIC_ACTIONS,
            kind="forum_action_item",
            key=f"forum.action:{item.pk}:{owner.pk}",
            meeting=meeting,
            item=item,
        )
    return item


@invalidates("forum")
def action_item_complete(*, item: ActionItem, by: Any) -> ActionItem:
    if by.pk != item.owner_id and not can_manage(by, item.body):
        raise PermissionDenied(_("Only the owner or the secretariat can close this action."))
    ActionItem.objects.filter(pk=item.pk, done_at__isnull=True).update(done_at=timezone.now())
    item.refresh_from_db()
    return item


@invalidates("forum")
def action_item_reopen(*, item: ActionItem, by: Any) -> ActionItem:
    if by.pk != item.owner_id and not can_manage(by, item.body):
        raise PermissionDenied(_("Only the owner or the secretariat can reopen this action."))
    ActionItem.objects.filter(pk=item.pk).update(done_at=None)
    item.refresh_from_db()
    return item
