"""Pledges: made, made public or private, and withdrawn by an organisation's administrators."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation
from accounts.services import require_admin
from commitments.models import PLEDGING_KINDS, Action, Evidence, Follow, Framework, Pledge, SubItem
from pagecache import changed, invalidates


@dataclass(frozen=True)
class Target:
    """What a pledge is to: an action, or one of its sub-items."""

    action: Action
    sub_item: SubItem | None = None


def pledge_create(
    *,
    organisation: Organisation,
    framework: Framework,
    by: Any,
    targets: Sequence[Target],
    target_date: date,
    is_public: bool = False,
) -> list[Pledge]:
    """Pledge ``organisation`` to each target, with one target date. All or nothing."""
    require_admin(organisation=organisation, user=by)
    if organisation.kind not in PLEDGING_KINDS:
        raise PermissionDenied(_("Only enterprises and associations can pledge."))
    if not framework.is_published:
        raise ValidationError(_("This framework is not open for pledges."))
    if not targets:
        raise ValidationError(_("Choose at least one action or sub-item."))
    if target_date <= timezone.localdate():
        raise ValidationError(_("The target date must be in the future."))
    for target in targets:
        if target.action.commitment.framework_id != framework.pk or (
            target.sub_item is not None and target.sub_item.action_id != target.action.pk
        ):
            raise ValidationError(_("That action is not part of this framework."))
    existing = set(
        Pledge.objects.filter(organisation=organisation, framework=framework).values_list(
            "action_id", "sub_item_id"
        )
    )
    taken = [t for t in targets if (t.action.pk, t.sub_item.pk if t.sub_item else None) in existing]
    if taken:
        codes = ", ".join(t.sub_item.code if t.sub_item else t.action.code for t in taken)
        raise ValidationError(
            _("%(organisation)s has already pledged to %(codes)s.")
            % {"organisation": organisation.name, "codes": codes}
        )
    if is_public:
        # Only a public pledge changes a public page (the action's list of public pledges);
        # a private one shows in the dashboard's next release, not before.
        changed("commitments")
    with transaction.atomic():
        return [
            Pledge.objects.create(
                organisation=organisation,
                framework=framework,
                action=target.action,
                sub_item=target.sub_item,
                target_date=target_date,
                is_public=is_public,
                created_by=by,
            )
            for target in targets
        ]


@invalidates("commitments")
def pledge_set_public(*, pledge: Pledge, by: Any, is_public: bool) -> None:
    """Only the organisation itself decides whether its pledge is public."""
    require_admin(organisation=pledge.organisation, user=by)
    with transaction.atomic():
        Pledge.objects.filter(pk=pledge.pk).update(is_public=is_public)
        if not is_public:
            # Outsiders who followed the public pledge may not follow a private one.
            Follow.objects.filter(pledge=pledge).exclude(
                user__memberships__organisation=pledge.organisation
            ).delete()
    pledge.is_public = is_public


def pledge_withdraw(*, pledge: Pledge, by: Any) -> None:
    """Withdraw a pledge: it goes, with its reports and evidence files."""
    require_admin(organisation=pledge.organisation, user=by)
    stored = [e.file for e in Evidence.objects.filter(report__pledge=pledge).exclude(file="")]
    if pledge.is_public:
        changed("commitments")
    with transaction.atomic():
        Pledge.objects.filter(pk=pledge.pk).delete()
        transaction.on_commit(lambda: [f.storage.delete(f.name) for f in stored])
