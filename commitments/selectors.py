"""Reads with access rules: a private object and a missing one answer the same 404; a person who
may see an object but not change it gets 403."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Organisation, Role
from commitments.models import (
    PLEDGING_KINDS,
    Action,
    Commitment,
    Evidence,
    Follow,
    Framework,
    Pledge,
    ProgressReport,
    ReportState,
    SubItem,
)
from knowledge.models import Practice

_ACTION_CODE = re.compile(r"^(\d{1,4})\.(\d{1,4})$")


def get_framework(slug: str) -> Framework:
    return get_object_or_404(Framework.objects.published().select_related("sector"), slug=slug)


def framework_structure(framework: Framework) -> list[Commitment]:
    """Commitments with their actions and sub-items, in two queries whatever their number."""
    return list(
        framework.commitments.order_by("number").prefetch_related(
            Prefetch(
                "actions",
                queryset=Action.objects.order_by("number").prefetch_related(
                    Prefetch("sub_items", queryset=SubItem.objects.order_by("letter"))
                ),
            )
        )
    )


def get_action(framework: Framework, code: str) -> Action:
    match = _ACTION_CODE.match(code)
    if not match:
        raise Http404
    return get_object_or_404(
        Action.objects.select_related("commitment__framework").prefetch_related("sub_items"),
        commitment__framework=framework,
        commitment__number=int(match[1]),
        number=int(match[2]),
    )


def public_pledges_of(action: Action) -> QuerySet[Pledge]:
    return (
        Pledge.objects.public()
        .filter(action=action)
        .with_accepted_report()
        .select_related("organisation", "sub_item")
        .order_by("organisation__name", "sub_item__letter")
    )


def practices_serving(action: Action) -> list[Practice]:
    """The published practices that serve the action, in the curator's order: one query."""
    return list(
        Practice.objects.published()
        .filter(action_links__action=action)
        .order_by("action_links__position", "title")
        .only("slug", "title", "summary", "type", "language")
    )


def pledging_memberships(user: object, framework: Framework) -> list[Membership]:
    """The organisations the user may pledge for: as their administrator, if they may pledge."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Membership.objects.filter(
            user=user, role=Role.ADMIN, organisation__kind__in=PLEDGING_KINDS
        ).select_related("organisation")
    )


@dataclass(frozen=True)
class PledgeAccess:
    pledge: Pledge
    is_member: bool
    is_admin: bool
    is_coordinator: bool

    @property
    def sees_reports(self) -> bool:
        return self.is_member or self.is_coordinator


def _role_in(organisation: Organisation, user: object) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Membership.objects.filter(organisation=organisation, user=user)
        .values_list("role", flat=True)
        .first()
    )


def get_pledge(user: object, uid: str, *, admin: bool = False) -> PledgeAccess:
    """A pledge the viewer may see: public, their organisation's, or under their coordination."""
    pledge = Pledge.objects.with_target().filter(uid=uid).first()
    if pledge is None:
        raise Http404
    role = _role_in(pledge.organisation, user)
    access = PledgeAccess(
        pledge=pledge,
        is_member=role is not None,
        is_admin=role == Role.ADMIN,
        is_coordinator=pledge.framework.is_coordinator(user),
    )
    if not (pledge.is_public or access.is_member or access.is_coordinator):
        raise Http404
    if admin and not access.is_admin:
        raise PermissionDenied(_("Only an administrator of this organisation can do that."))
    return access


@dataclass(frozen=True)
class ReportAccess:
    report: ProgressReport
    is_admin: bool
    is_coordinator: bool


def get_report(
    user: object, uid: str, *, admin: bool = False, coordinator: bool = False
) -> ReportAccess:
    """Reports are seen by the pledging organisation's members and the coordinators only."""
    report = (
        ProgressReport.objects.select_related(
            "pledge__organisation",
            "pledge__framework",
            "pledge__action__commitment",
            "pledge__sub_item",
            "reviewed_by",
        )
        .filter(uid=uid)
        .first()
    )
    if report is None:
        raise Http404
    role = _role_in(report.pledge.organisation, user)
    is_coordinator = report.pledge.framework.is_coordinator(user)
    if role is None and not is_coordinator:
        raise Http404
    if admin and role != Role.ADMIN:
        raise PermissionDenied(_("Only an administrator of this organisation can do that."))
    if coordinator and not is_coordinator:
        raise PermissionDenied(_("Only the framework's coordinators review reports."))
    return ReportAccess(report=report, is_admin=role == Role.ADMIN, is_coordinator=is_coordinator)


def get_evidence(user: object, uid: str, *, admin: bool = False) -> Evidence:
    evidence = Evidence.objects.filter(uid=uid).select_related("report").first()
    if evidence is None:
        raise Http404
    get_report(user, evidence.report.uid, admin=admin)
    return evidence


def periods_to_report(pledge: Pledge) -> list[str]:
    """The periods open for reporting that the pledge has no report for yet, latest first."""
    done = set(pledge.reports.values_list("period", flat=True))
    periods = pledge.framework.periods_open(timezone.localdate())
    return [p.code for p in reversed(periods) if p.code not in done]


def unlinked_practices(report: ProgressReport) -> list[str]:
    """The lines of the report's practices that name nothing in the knowledge centre."""
    linked = report.practices.all()
    names = {p.title.lower() for p in linked} | {p.slug for p in linked}
    return [
        line.strip()
        for line in report.practices_used.splitlines()
        if line.strip()
        and line.strip().lower() not in names
        and not any(f"/p/{p.slug}" in line for p in linked)
    ]


def pledges_of_member(user: object) -> QuerySet[Pledge]:
    """Every pledge of the organisations the user belongs to."""
    return (
        Pledge.objects.of_member(user)
        .with_target()
        .with_accepted_report()
        .annotate(
            report_count=Count("reports", distinct=True),
        )
        .order_by(
            "organisation__name",
            "framework__title",
            "action__commitment__number",
            "action__number",
            "sub_item__letter",
        )
    )


def reports_awaiting_review(user: object) -> QuerySet[ProgressReport]:
    return (
        ProgressReport.objects.filter(
            pledge__framework__in=Framework.objects.coordinated_by(user),
            state=ReportState.SUBMITTED,
        )
        .select_related(
            "pledge__organisation",
            "pledge__framework",
            "pledge__action__commitment",
            "pledge__sub_item",
        )
        .order_by("submitted_at", "pk")
    )


def is_following(
    user: object, *, action: Action | None = None, pledge: Pledge | None = None
) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Follow.objects.filter(Q(user=user), action=action, pledge=pledge).exists()


def follows_of(user: object) -> QuerySet[Follow]:
    return Follow.objects.filter(user=user).select_related(
        "action__commitment__framework",
        "pledge__organisation",
        "pledge__action__commitment",
        "pledge__sub_item",
        "pledge__framework",
    )
