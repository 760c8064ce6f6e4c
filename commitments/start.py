"""The commitments block of a person's start page ("Your portal", composed by ``portal``): the
pledges of their organisations with a progress report due. Two queries however many pledges and
reports there are (tests/portal/test_start_page.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from commitments.models import Framework, Pledge, ProgressReport, ReportState
from commitments.periods import Period

SHOWN = 5


@dataclass(frozen=True)
class ReportsDue:
    pledge: Pledge
    # The periods whose report is due (or soon due, from the reminder on), oldest first.
    periods: list[Period]

    @property
    def due(self) -> date:
        return self.periods[0].due

    @property
    def overdue(self) -> bool:
        return self.due < timezone.localdate()


def reports_due_of(
    user: object, *, today: date | None = None, limit: int = SHOWN
) -> list[ReportsDue]:
    """The pledges of ``user``'s organisations in published frameworks with a report not yet
    submitted for a period that falls due within two weeks or is past due (the reminders'
    rule, ``services.reminders``), soonest due first."""
    today = today or timezone.localdate()
    pledges = list(
        Pledge.objects.of_member(user)
        .filter(framework__in=Framework.objects.published())
        .with_target()
        .order_by("pk")
    )
    done = (
        set(
            ProgressReport.objects.filter(
                pledge__in=[pledge.pk for pledge in pledges],
                state__in=[ReportState.SUBMITTED, ReportState.ACCEPTED],
            ).values_list("pledge_id", "period")
        )
        if pledges
        else set()
    )
    periods: dict[int, list[Period]] = {}
    found = []
    for pledge in pledges:
        framework = pledge.framework
        if framework.pk not in periods:
            periods[framework.pk] = framework.periods()
        since = timezone.localdate(pledge.created)
        due = [
            period
            for period in periods[framework.pk]
            if period.reminder_from <= today
            and since <= period.end
            and (pledge.pk, period.code) not in done
        ]
        if due:
            found.append(ReportsDue(pledge=pledge, periods=due))
    found.sort(key=lambda item: (item.due, item.pledge.pk))
    return found[:limit]
