"""The Alliance block of a person's start page ("Your portal", composed by ``portal``): what
each organisation they administer has still to do in the Alliance. One query however many
organisations there are (tests/portal/test_start_page.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef

from accounts.models import Membership, Organisation, Role
from alliance.models import CoalitionMember, Profile, SupportDeclaration


@dataclass(frozen=True)
class NextSteps:
    organisation: Organisation
    is_admin: bool
    declare_support: bool
    publish_profile: bool
    join_coalition: bool

    @property
    def any(self) -> bool:
        return self.declare_support or self.publish_profile or self.join_coalition


def next_steps_of(user: Any) -> list[NextSteps]:
    """For each of ``user``'s organisations, the Alliance steps it has not taken: declare its
    support, publish its CSR profile, join a coalition. Only an administrator takes them, so a
    plain member's organisations come with none."""
    organisations = (
        Organisation.objects.filter(memberships__user=user)
        .annotate(
            is_admin=Exists(
                Membership.objects.filter(organisation=OuterRef("pk"), user=user, role=Role.ADMIN)
            ),
            declared=Exists(SupportDeclaration.objects.filter(organisation=OuterRef("pk"))),
            published=Exists(Profile.objects.filter(organisation=OuterRef("pk"), published=True)),
            in_coalition=Exists(CoalitionMember.objects.filter(organisation=OuterRef("pk"))),
        )
        .order_by("name", "pk")
    )
    return [
        NextSteps(
            organisation=organisation,
            is_admin=organisation.is_admin,
            declare_support=organisation.is_admin and not organisation.declared,
            publish_profile=organisation.is_admin and not organisation.published,
            join_coalition=organisation.is_admin and not organisation.in_coalition,
        )
        for organisation in organisations
    ]
