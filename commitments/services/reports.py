"""Progress reports: written, submitted and reviewed; an accepted report moves its pledge's
status, and the pledge's followers hear of it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Organisation, OrganisationKind, Role
from accounts.services import require_admin
from commitments.models import (
    EDITABLE_STATES,
    STATUSES_NEEDING_EVIDENCE,
    Follow,
    Pledge,
    ProgressReport,
    ReportComment,
    ReportState,
    Status,
)
from knowledge.selectors import practices_named
from notifications.services import email_to_member
from pagecache import changed

TOPIC_REVIEW = "commitments.review"
TOPIC_FOLLOWING = "commitments.following"


def require_editable(report: ProgressReport) -> None:
    if not report.is_editable:
        raise ValidationError(
            _("This report is %(state)s and can no longer be changed.")
            % {"state": report.get_state_display().lower()}
        )


def _check_smes(pledge: Pledge, smes_reached: int | None) -> None:
    if smes_reached is not None and pledge.organisation.kind != OrganisationKind.ASSOCIATION:
        raise ValidationError(_("Only associations report the number of SMEs reached."))


def report_create(
    *,
    pledge: Pledge,
    by: Any,
    period: str,
    status: int,
    narrative: str,
    smes_reached: int | None = None,
    practices_used: str = "",
    today: date | None = None,
) -> ProgressReport:
    """Start the report of one pledge for one period (as a draft)."""
    require_admin(organisation=pledge.organisation, user=by)
    today = today or timezone.localdate()
    framework = pledge.framework
    try:
        chosen = framework.period(period)
    except ValueError:
        raise ValidationError(
            _("“%(period)s” is not a reporting period of this framework.") % {"period": period}
        ) from None
    if chosen.start > today:
        raise ValidationError(_("The period %(period)s has not started yet.") % {"period": period})
    _check_smes(pledge, smes_reached)
    if pledge.reports.filter(period=chosen.code).exists():
        raise ValidationError(
            _("There is already a report for %(period)s.") % {"period": chosen.code}
        )
    with transaction.atomic():
        report = ProgressReport.objects.create(
            pledge=pledge,
            period=chosen.code,
            status=status,
            narrative=narrative.strip(),
            smes_reached=smes_reached,
            practices_used=practices_used.strip(),
            created_by=by,
        )
        report.practices.set(practices_named(practices_used.splitlines()))
    return report


def report_update(
    *,
    report: ProgressReport,
    by: Any,
    status: int,
    narrative: str,
    smes_reached: int | None = None,
    practices_used: str = "",
) -> None:
    require_admin(organisation=report.pledge.organisation, user=by)
    _check_smes(report.pledge, smes_reached)
    with transaction.atomic():
        updated = ProgressReport.objects.filter(pk=report.pk, state__in=EDITABLE_STATES).update(
            status=status,
            narrative=narrative.strip(),
            smes_reached=smes_reached,
            practices_used=practices_used.strip(),
        )
        if updated != 1:
            report.refresh_from_db(fields=["state"])
            require_editable(report)
        report.practices.set(practices_named(practices_used.splitlines()))


def _admins_of(organisation: Organisation) -> list[Any]:
    return [
        m.user
        for m in Membership.objects.filter(organisation=organisation, role=Role.ADMIN)
        .select_related("user")
        .order_by("user__email")
    ]


def report_submit(*, report: ProgressReport, by: Any) -> None:
    """Send a draft (or a returned report) to the framework's coordinators for review."""
    require_admin(organisation=report.pledge.organisation, user=by)
    require_editable(report)
    if report.status in STATUSES_NEEDING_EVIDENCE and not report.evidence.exists():
        raise ValidationError(
            _("A report saying “%(status)s” needs evidence: add a link or a file first.")
            % {"status": report.get_status_display()}
        )
    now = timezone.now()
    with transaction.atomic():
        updated = ProgressReport.objects.filter(pk=report.pk, state__in=EDITABLE_STATES).update(
            state=ReportState.SUBMITTED, submitted_at=now
        )
        if updated != 1:
            raise ValidationError(_("This report was submitted already."))
        ReportComment.objects.create(report=report, author=by, kind=ReportComment.Kind.SUBMITTED)
        framework = report.pledge.framework
        for coordinator in framework.coordinators.filter(is_active=True).order_by("pk"):
            email_to_member(
                user=coordinator,
                topic=TOPIC_REVIEW,
                kind="commitments_report_submitted",
                key=f"commitments.submitted:{report.uid}:{now.isoformat()}:{coordinator.pk}",
                context={"report": report, "pledge": report.pledge, "framework": framework},
            )
    report.state, report.submitted_at = ReportState.SUBMITTED, now


def report_review(*, report: ProgressReport, by: Any, accept: bool, comment: str = "") -> None:
    """A coordinator accepts a submitted report, or returns it for revision with a comment."""
    pledge = report.pledge
    if not pledge.framework.is_coordinator(by):
        raise PermissionDenied(_("Only the framework's coordinators review reports."))
    comment = comment.strip()
    if not accept and not comment:
        raise ValidationError(_("Say what needs revising: a returned report needs a comment."))
    state = ReportState.ACCEPTED if accept else ReportState.RETURNED
    now = timezone.now()
    with transaction.atomic():
        updated = ProgressReport.objects.filter(pk=report.pk, state=ReportState.SUBMITTED).update(
            state=state, reviewed_at=now, reviewed_by=by
        )
        if updated != 1:
            raise ValidationError(_("This report is not waiting for review."))
        ReportComment.objects.create(
            report=report,
            author=by,
            body=comment,
            kind=ReportComment.Kind.ACCEPTED if accept else ReportComment.Kind.RETURNED,
        )
        report.state, report.reviewed_at, report.reviewed_by = state, now, by
        for admin in _admins_of(pledge.organisation):
            email_to_member(
                user=admin,
                topic=TOPIC_REVIEW,
                kind="commitments_report_reviewed",
                key=f"commitments.reviewed:{report.uid}:{now.isoformat()}:{admin.pk}",
                context={"report": report, "pledge": pledge, "comment": comment},
            )
        if accept:
            _pledge_status_refresh(pledge=pledge, cause=report)
            if pledge.is_public:
                changed("commitments")  # a public pledge's status is public


def _pledge_status_refresh(*, pledge: Pledge, cause: ProgressReport) -> None:
    """A pledge's status is that of its latest accepted report; followers hear of a change."""
    locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
    latest = locked.reports.accepted().order_by("-period").first()
    new = latest.status if latest else Status.NO_EVIDENCE
    old = locked.status
    if new == old:
        return
    Pledge.objects.filter(pk=pledge.pk).update(status=new)
    pledge.status = new
    _followers_notify(pledge=pledge, cause=cause, old=Status(old), new=Status(new))


def _followers_notify(*, pledge: Pledge, cause: ProgressReport, old: Status, new: Status) -> None:
    follows = Follow.objects.filter(
        Q(action_id=pledge.action_id) | Q(pledge=pledge, pledge__is_public=True)
    ).select_related("user")
    # One message per follower per change, even for someone following the action and the pledge.
    followers = {follow.user_id: follow.user for follow in follows}
    for user in followers.values():
        email_to_member(
            user=user,
            topic=TOPIC_FOLLOWING,
            kind="commitments_status_changed",
            key=f"commitments.status:{cause.uid}:{user.pk}",
            context={
                "pledge": pledge,
                "action": pledge.action,
                "framework": pledge.framework,
                # Followers of an action learn that a pledge moved, not whose it is.
                "organisation": pledge.organisation if pledge.is_public else None,
                "old_status": old.label,
                "new_status": new.label,
                "period": cause.period,
            },
        )
