"""The Alliance block of a person's start page ("Your portal", composed by ``portal``): what
each organisation they administer has still to do in the Alliance. One query however many
organisations there are (tests/portal/test_start_page.py)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts import next_steps
from accounts.models import Membership, Organisation, Role
from accounts.next_steps import Step, StepState
from alliance.models import (
    MAY_DECLARE_SUPPORT,
    CoalitionMember,
    Profile,
    SupportDeclaration,
    may_declare_support,
)


@dataclass(frozen=True)
class NextSteps:
    organisation: Organisation
    is_admin: bool
    # Of a kind that declares support (enterprises and business associations).
    may_declare: bool
    declare_support: bool
    publish_profile: bool
    join_coalition: bool

    @property
    def any(self) -> bool:
        return self.declare_support or self.publish_profile or self.join_coalition


# What an organisation (the row at ``OuterRef("pk")``) has done in the Alliance: one expression
# each, shared by the organisations' block and the person's checklist.
def _declared() -> Exists:
    return Exists(SupportDeclaration.objects.filter(organisation=OuterRef("pk")))


def _published() -> Exists:
    return Exists(Profile.objects.filter(organisation=OuterRef("pk"), published=True))


def _in_coalition() -> Exists:
    return Exists(CoalitionMember.objects.filter(organisation=OuterRef("pk")))


def next_steps_of(user: Any) -> list[NextSteps]:
    """For each of ``user``'s organisations, the Alliance steps it has not taken: declare its
    support (enterprises and business associations only), publish its CSR profile, join a
    coalition. Only an administrator takes them, so a plain member's organisations come with
    none."""
    organisations = (
        Organisation.objects.filter(memberships__user=user)
        .annotate(
            is_admin=Exists(
                Membership.objects.filter(organisation=OuterRef("pk"), user=user, role=Role.ADMIN)
            ),
            declared=_declared(),
            published=_published(),
            in_coalition=_in_coalition(),
        )
        .order_by("name", "pk")
    )
    return [
        NextSteps(
            organisation=organisation,
            is_admin=organisation.is_admin,
            may_declare=may_declare_support(organisation),
            declare_support=organisation.is_admin
            and may_declare_support(organisation)
            and not organisation.declared,
            publish_profile=organisation.is_admin and not organisation.published,
            join_coalition=organisation.is_admin and not organisation.in_coalition,
        )
        for organisation in organisations
    ]


# --- The person's "Next steps" checklist (accounts.next_steps) --------------------------------
# Only an organisation's administrators take these steps; each is done when every organisation
# the person administers (every one of a kind that declares, for the declaration) has taken it.
# Its link goes to the first that has not.


def _first_administered_without(missing: Any, **organisation: Any) -> Subquery:
    return Subquery(
        Organisation.objects.filter(
            memberships__user=OuterRef("pk"), memberships__role=Role.ADMIN, **organisation
        )
        .annotate(has=missing)
        .filter(has=False)
        .order_by("name", "pk")
        .values("slug")[:1]
    )


def _administers(**organisation: Any) -> Exists:
    return Exists(
        Membership.objects.filter(
            user=OuterRef("pk"),
            role=Role.ADMIN,
            **{f"organisation__{name}": value for name, value in organisation.items()},
        )
    )


def _declare_annotations() -> dict[str, Any]:
    return {
        "applies": _administers(kind__in=MAY_DECLARE_SUPPORT),
        "next": _first_administered_without(_declared(), kind__in=MAY_DECLARE_SUPPORT),
    }


def _profile_annotations() -> dict[str, Any]:
    return {
        "applies": _administers(),
        "next": _first_administered_without(_published()),
    }


def _coalition_annotations() -> dict[str, Any]:
    return {
        "applies": _administers(),
        "next": _first_administered_without(_in_coalition()),
    }


def _state(url: Callable[[str], str]) -> Callable[[Mapping[str, Any]], StepState | None]:
    def state(values: Mapping[str, Any]) -> StepState | None:
        if not values["applies"]:
            return None
        if values["next"] is None:
            return StepState(done=True, url="")
        return StepState(done=False, url=url(values["next"]))

    return state


def next_steps_register() -> None:
    next_steps.register(
        Step(
            key="declare_support",
            order=20,
            title=_("Declare your enterprise's support for the Alliance"),
            hint=_("One step, with no conditions: nobody outside your organisation sees it."),
            annotations=_declare_annotations,
            state=_state(lambda slug: reverse("alliance:support", args=[slug])),
        )
    )
    next_steps.register(
        Step(
            key="publish_profile",
            order=30,
            title=_("Publish a CSR profile"),
            hint=_("Tell others what your organisation does on CSR, in your own words."),
            annotations=_profile_annotations,
            state=_state(lambda slug: reverse("alliance:profile_edit", args=[slug])),
        )
    )
    next_steps.register(
        Step(
            key="join_coalition",
            order=40,
            title=_("Join a coalition"),
            hint=_("Work with others on a priority area of the Alliance."),
            annotations=_coalition_annotations,
            state=_state(lambda slug: reverse("alliance:coalitions")),
        )
    )
