"""The quick scan's block of "Your portal" and of an organisation's page: each of the person's
organisations with its latest run. Two reads however many organisations and runs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Subquery
from django.http import HttpRequest
from django.template.loader import render_to_string

from accounts.models import Membership
from knowledge.scan.models import Run

SHOWN = 5


@dataclass(frozen=True)
class OrganisationScan:
    organisation: Any
    latest: Run | None


def quick_scans_of(user: Any, *, limit: int = SHOWN) -> list[OrganisationScan]:

    newest = Run.objects.filter(organisation=OuterRef("organisation")).order_by(
        "-started_at", "-pk"
    )
    memberships = list(
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .annotate(latest_run=Subquery(newest.values("pk")[:1]))
        .order_by("organisation__name")[:limit]
    )
    runs = Run.objects.in_bulk([m.latest_run for m in memberships if m.latest_run])
    return [
        OrganisationScan(organisation=m.organisation, latest=runs.get(m.latest_run))
        for m in memberships
    ]


def organisation_panel(request: HttpRequest, membership: Any) -> str:
    organisation = membership.organisation
    return render_to_string(
        "knowledge/panel_quick_scan.html",
        {
            "organisation": organisation,
            "latest": Run.objects.filter(organisation=organisation).first(),
        },
        request=request,
    )
