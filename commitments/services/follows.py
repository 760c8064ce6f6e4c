"""Following an action or a pledge, to hear by email when a pledge's status changes."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.models import Membership, Organisation
from commitments.models import Action, Follow, Pledge


def _is_member(organisation: Organisation, user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(organisation=organisation, user=user).exists()


def follow_action(*, user: Any, action: Action) -> None:
    Follow.objects.get_or_create(user=user, action=action)


def follow_pledge(*, user: Any, pledge: Pledge) -> None:
    if not pledge.is_public and not _is_member(pledge.organisation, user):
        raise PermissionDenied(_("Only public pledges can be followed."))
    Follow.objects.get_or_create(user=user, pledge=pledge)


def unfollow(*, user: Any, action: Action | None = None, pledge: Pledge | None = None) -> None:
    Follow.objects.filter(user=user, action=action, pledge=pledge).delete()
