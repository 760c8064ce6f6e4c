"""Reads for the Alliance, with its access rules."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import Organisation, Role, User
from alliance.models import (
    Coalition,
    CoalitionMember,
    Profile,
    SupportDeclaration,
)
from forum.models import Body, Meeting
from releases.selectors import latest_release

STATISTICS_SCOPE = "alliance"
COALITIONS_SCOPE = "coalitions"


def declaration_of(organisation: Organisation) -> SupportDeclaration | None:
    return (
        SupportDeclaration.objects.filter(organisation=organisation)
        .prefetch_related("priority_areas")
        .first()
    )


def get_declaration(organisation: Organisation) -> SupportDeclaration:
    declaration = declaration_of(organisation)
    if declaration is None:
        raise Http404
    return declaration


def latest_statistics() -> dict[str, Any] | None:
    """The latest release of the Alliance's figures, as published (never live counts)."""
    release = latest_release(STATISTICS_SCOPE)
    return release.as_public() if release else None


def coalition_counts() -> dict[str, Any] | None:
    """Member counts per coalition (slug → cell) and the release they come from."""
    release = latest_release(COALITIONS_SCOPE)
    if release is None:
        return None
    cells = {cell["key"]: cell for cell in release.data["members"]["cells"]}
    return {"cells": cells, "released_at": release.released_at, "epsilon": release.epsilon}


def published_profiles() -> QuerySet[Profile]:
    # Sorted by name only: the directory neither shows nor orders by support.
    return (
        Profile.objects.published()
        .select_related("organisation", "organisation__sector")
        .order_by("organisation__name")
    )


def get_published_profile(slug: str) -> Profile:
    profile = published_profiles().filter(organisation__slug=slug).first()
    if profile is None:
        raise Http404
    return profile


def admin_organisations(user: User) -> QuerySet[Organisation]:
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user, memberships__role=Role.ADMIN)


def coalition_view(coalition: Coalition, user: User) -> dict[str, Any]:
    """What a viewer may see of a coalition: members see the member organisations; everyone
    the purpose and the member count of the latest release (noisy; never the live count)."""
    mine = (
        list(
            CoalitionMember.objects.filter(
                coalition=coalition, organisation__memberships__user=user
            ).values_list("organisation__slug", flat=True)
        )
        if user.is_authenticated
        else []
    )
    members = (
        list(coalition.members.select_related("organisation").order_by("organisation__name"))
        if mine
        else []
    )
    released = coalition_counts()
    count = released["cells"].get(coalition.theme.slug) if released else None
    return {
        "is_member": bool(mine),
        "my_slugs": mine,
        "members": members,
        "count": count,
        "count_release": released,
    }


LABORATORY_MEETINGS_SHOWN = 5


def laboratory_of(coalition: Coalition) -> Body | None:
    """The forum body the coalition names as its laboratory; when it names none, the
    laboratory body of its priority area (how the two were linked before the field)."""
    if coalition.laboratory_id is not None:
        return coalition.laboratory
    return Body.objects.for_theme(coalition.theme)


def laboratory(coalition: Coalition, user: User) -> dict[str, Any]:
    """The coalition's laboratory (a forum body) and its next meetings the viewer may see."""
    body = laboratory_of(coalition)
    if body is None:
        return {"laboratory": None, "laboratory_meetings": []}
    meetings = list(
        Meeting.objects.filter(body=body).visible_to(user).upcoming()[:LABORATORY_MEETINGS_SHOWN]
    )
    return {"laboratory": body, "laboratory_meetings": meetings}
