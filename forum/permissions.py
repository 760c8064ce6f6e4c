"""Who may do what in the forum (docs/forum.md), written once for selectors and services.

The "Forum secretariat" group (and superusers) manage every body; a member with the
secretariat role manages their own body. Nothing here is remembered between calls: a caller
that already knows a fact (``Viewer.secretariat``, read once per request by
``selectors.viewer_of``) passes it in, and the rule then asks no query for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Exists
from django.utils.translation import gettext as _

from forum.models import Body, Member, MemberRole, secretariat_membership


@dataclass(frozen=True)
class Viewer:
    """What the pages need to know about the person looking at them, read once per request
    (``selectors.viewer_of``, or with the meeting on its page): whether they are in the
    "Forum secretariat" group, and the zone they read times in (their forum preference, else
    the site's zone)."""

    secretariat: bool
    time_zone: ZoneInfo


@dataclass(frozen=True)
class Standing:
    manager: bool
    member: bool
    attending: bool

    @classmethod
    def of(cls, roles: Iterable[str], *, secretariat: bool) -> Standing:
        """From a person's active roles in a body and whether they are in the "Forum
        secretariat" group: ``can_manage``'s rule, membership, and whether they attend
        meetings (every active role but informed-only)."""
        roles = set(roles)
        manager = MemberRole.SECRETARIAT in roles or secretariat
        return cls(
            manager=manager,
            member=manager or bool(roles),
            attending=bool(roles - {MemberRole.INFORMED}),
        )


NO_STANDING = Standing(manager=False, member=False, attending=False)


def is_forum_secretariat(user: Any) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or secretariat_membership(user).exists()


def can_manage(user: Any, body: Body, *, secretariat: bool | None = None) -> bool:
    """Whether ``user`` manages ``body``, in one query (none when ``secretariat`` is known
    true)."""
    if not user.is_authenticated:
        return False
    if secretariat or user.is_superuser:
        return True
    own = Member.objects.active().filter(body=body, user=user, role=MemberRole.SECRETARIAT)
    if secretariat is False:
        return own.exists()
    return (
        get_user_model()
        ._default_manager.filter(Exists(own) | Exists(secretariat_membership(user)), pk=user.pk)
        .exists()
    )


def standing(user: Any, body: Body, *, secretariat: bool | None = None) -> Standing:
    """What ``user`` is in ``body``: one query, and one more for the group when the role does
    not already make them a manager and ``secretariat`` is not known."""
    if not user.is_authenticated:
        return NO_STANDING
    roles = set(Member.objects.active().filter(body=body, user=user).values_list("role", flat=True))
    if MemberRole.SECRETARIAT in roles:
        secretariat = True
    elif secretariat is None:
        secretariat = is_forum_secretariat(user)
    return Standing.of(roles, secretariat=secretariat)


def may_see_meeting(meeting: Any, standing: Standing) -> bool:
    """``Meeting.objects.visible_to``'s rule for one meeting, on what was already read: a
    public meeting for everyone; a members-only one for the active members of its body (in
    any role) and the "Forum secretariat" group (and superusers), who are members of every
    body by ``Standing.of``. ``standing`` must be the viewer's in the meeting's body, read in
    this request."""
    return meeting.is_public or standing.member


def require_manager(user: Any, body: Body, *, manager: bool | None = None) -> None:
    """Refuse (403) unless ``user`` manages ``body``; ``manager`` when already known."""
    if not (can_manage(user, body) if manager is None else manager):
        raise PermissionDenied(_("Only the secretariat of this body can do that."))
