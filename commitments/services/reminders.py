"""Reminders of progress reports falling due, run from beat."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from accounts.models import Membership, Role
from commitments.models import Framework, Pledge, ProgressReport, ReportState
from notifications.services import email_to_member

TOPIC_REMINDERS = "commitments.reminders"


def reminders_send(*, today: date | None = None) -> int:
    """Remind each administrator of a pledging organisation of reports falling due.

    Runs from beat; once a period's reminder window opens (two weeks before it falls due) it
    writes one outbox row per framework, period, organisation and administrator, whatever the
    number of runs. Returns the number of rows written or found.
    """
    today = today or timezone.localdate()
    written = 0
    for framework in Framework.objects.published().order_by("pk"):
        for period in framework.periods():
            if not period.reminder_from <= today <= period.due:
                continue
            done = ProgressReport.objects.filter(
                pledge=OuterRef("pk"),
                period=period.code,
                state__in=[ReportState.SUBMITTED, ReportState.ACCEPTED],
            )
            pending = (
                Pledge.objects.filter(framework=framework, created__date__lte=period.end)
                .filter(~Exists(done))
                .with_target()
            )
            by_organisation: dict[int, list[Pledge]] = defaultdict(list)
            for pledge in pending:
                by_organisation[pledge.organisation_id].append(pledge)
            admins = (
                Membership.objects.filter(
                    organisation_id__in=by_organisation, role=Role.ADMIN, user__is_active=True
                )
                .select_related("user", "organisation")
                .order_by("organisation_id", "user_id")
            )
            for membership in admins:
                with transaction.atomic():
                    row = email_to_member(
                        user=membership.user,
                        topic=TOPIC_REMINDERS,
                        kind="commitments_reminder",
                        key=(
                            f"commitments.reminder:{framework.pk}:{period.code}:"
                            f"{membership.organisation_id}:{membership.user_id}"
                        ),
                        context={
                            "framework": framework,
                            "period": period,
                            "organisation": membership.organisation,
                            "pledges": by_organisation[membership.organisation_id],
                        },
                    )
                written += row is not None
    return written
