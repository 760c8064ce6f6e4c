"""The commitments app's part of the site-wide catalogue (tests/catalogue.py).

One published framework, shared by both sides as frameworks are public and belong to no
organisation, with a coordinator of its own. Each side's organisation (canary and control, in
the same shape) has, through the app's services, all made by its administrator:

- a private pledge to action 1.1 with four reports: an accepted one, a submitted one (waiting
  for review), a draft with a link and a file as evidence, and a draft kept for the submit URL,
  so that a POST to it (the hostile-input test posts to every URL) leaves the others as they
  are; at least one reporting period stays open for a new report;
- a second private pledge, to action 1.2, used only by the withdraw URL for the same reason;
- follows of action 1.1 and of its own pledge.

Pledges stay private: a public pledge names its organisation to everyone by the organisation's
choice, which the canary rule (no canary name for anonymous visitors) does not allow for.
Evidence files are written to the default storage and deleted when the world goes away.
"""

from __future__ import annotations

import weakref
from datetime import date, timedelta
from typing import Any

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from commitments import services
from commitments.models import Action, Framework, Status
from tests.factories import UserFactory

APP = "commitments"
FRAMEWORK_SLUG = "zqx-catalogue-framework"
OUTLINE = """\
Commitment 1 – Raising awareness by:
1. Disseminate methods for awareness-raising.
2. Disseminate training courses.
   a. Courses for enterprises.
   b. Courses for associations.
Commitment 2 – Monitoring by:
1. Report on progress every half-year.
"""
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# URL patterns by the object their "uid" names.
PLEDGE_URLS = {"pledge", "pledge_visibility", "pledge_follow", "report_create"}
REPORT_URLS = {"report_edit", "evidence_link_add", "evidence_file_add"}
EVIDENCE_URLS = {"evidence", "evidence_remove"}
FRAMEWORK_URLS = {"framework", "dashboard", "dashboard_csv", "dashboard_json"}
ACTION_URLS = {"action", "action_follow"}


def _action(framework: Framework, commitment: int, number: int) -> Action:
    return Action.objects.select_related("commitment").get(
        commitment__framework=framework, commitment__number=commitment, number=number
    )


def _framework(coordinator: Any) -> Framework:
    today = timezone.localdate()
    return services.framework_create(
        slug=FRAMEWORK_SLUG,
        title="Catalogue framework of joint commitments",
        short_title="CATALOGUE",
        source="Written for the site-wide tests.",
        # Two years back, so that several half-years have started whatever today is.
        period_start=date(today.year - 2, 1, 1),
        period_end=date(today.year + 2, 12, 31),
        outline=OUTLINE,
        is_published=True,
        coordinators=[coordinator],
    )


def _side(side: Any, framework: Framework, coordinator: Any) -> dict[str, Any]:
    organisation, admin = side.organisation, side.admin
    today = timezone.localdate()
    first, second = _action(framework, 1, 1), _action(framework, 1, 2)
    pledge, withdrawable = (
        services.pledge_create(
            organisation=organisation,
            framework=framework,
            by=admin,
            targets=[services.Target(action=action)],
            target_date=today + timedelta(days=365),
        )[0]
        for action in (first, second)
    )
    periods = [p.code for p in framework.periods_open(today)]

    def report(period: str, status: Status) -> Any:
        return services.report_create(
            pledge=pledge,
            by=admin,
            period=period,
            status=status,
            narrative=f"What {organisation.name} did in {period}.",
        )

    accepted = report(periods[0], Status.NOT_STARTED)
    services.report_submit(report=accepted, by=admin)
    services.report_review(report=accepted, by=coordinator, accept=True)
    submitted = report(periods[1], Status.NOT_STARTED)
    services.report_submit(report=submitted, by=admin)
    draft = report(periods[2], Status.LIMITED)
    link = services.evidence_add_link(
        report=draft, by=admin, title="Workshop programme", url="https://example.org/programme"
    )
    file = services.evidence_add_file(
        report=draft,
        by=admin,
        title="Attendance list",
        upload=SimpleUploadedFile("attendance.pdf", PDF, content_type="application/pdf"),
    )
    to_submit = report(periods[3], Status.NOT_STARTED)
    services.follow_action(user=admin, action=first)
    services.follow_pledge(user=admin, pledge=pledge)
    return {
        "pledge": pledge,
        "withdrawable": withdrawable,
        "accepted": accepted,
        "submitted": submitted,
        "draft": draft,
        "to_submit": to_submit,
        "evidence": [link, file],
    }


def build(world: Any) -> None:
    coordinator = UserFactory(email="commitments-coordinator@example.org", name="Cora Coordinator")
    framework = _framework(coordinator)
    made: dict[str, Any] = {"framework": framework, "coordinator": coordinator}
    for side in (world.canary, world.control):
        made[world.side_name(side)] = _side(side, framework, coordinator)
    world.extra[APP] = made
    stored = [
        e.file.name for name in ("canary", "control") for e in made[name]["evidence"] if e.file
    ]
    weakref.finalize(world, _delete_files, stored)


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def _admin_kwargs(short: str, made: dict[str, Any], own: dict[str, Any]) -> list[dict] | None:
    action = own["pledge"].action
    objects = {
        "framework": made["framework"],
        "commitment": action.commitment,
        "action": action,
    }
    for model_name, obj in objects.items():
        if short.startswith(f"{APP}_{model_name}_"):
            return [{"object_id": obj.pk}]
    return None


def kwargs(name: str, params: tuple[str, ...], side_name: str, world: Any) -> list[dict] | None:
    made = world.extra[APP]
    own = made[side_name]
    if name.startswith(f"admin:{APP}_") and params == ("object_id",):
        return _admin_kwargs(name.split(":", 1)[1], made, own)
    if not name.startswith(f"{APP}:"):
        return None
    short = name.split(":", 1)[1]
    slug = made["framework"].slug
    if short in PLEDGE_URLS:
        return [{"uid": own["pledge"].uid}]
    if short == "pledge_withdraw":
        return [{"uid": own["withdrawable"].uid}]
    if short == "report":
        return [{"uid": own[state].uid} for state in ("draft", "submitted", "accepted")]
    if short in REPORT_URLS:
        return [{"uid": own["draft"].uid}]
    if short == "report_submit":
        return [{"uid": own["to_submit"].uid}]
    if short == "report_review":
        return [{"uid": own["submitted"].uid}]
    if short in EVIDENCE_URLS:
        return [{"uid": evidence.uid} for evidence in own["evidence"]]
    if short in FRAMEWORK_URLS:
        return [{"slug": slug}]
    if short in ACTION_URLS:
        return [{"slug": slug, "code": own["pledge"].action.code}]
    if short == "pledge_create":
        return [{"slug": slug, "organisation": own["pledge"].organisation.slug}]
    raise AssertionError(f"tests/commitments/catalogue.py has no entry for {name} {params}")
