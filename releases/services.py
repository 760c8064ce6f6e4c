"""Publishing releases: on the cadence, within the yearly privacy budget."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from notifications.services import email_enqueue, email_render
from pagecache import changed
from releases import registry
from releases.models import BUDGET_WINDOW, Release

logger = logging.getLogger(__name__)

# Pages that show released figures declare this page-cache area: publishing is the one event
# that renews them.
PAGE_AREA = "statistics"


def release_plan() -> list[tuple[registry.Producer, str]]:
    return [(producer, scope) for producer in registry.producers() for scope in producer.scopes()]


def release_due(*, now: dt.datetime) -> bool:
    latest = Release.objects.order_by("-released_at").values_list("released_at", flat=True).first()
    return latest is None or latest <= now - dt.timedelta(days=settings.STATISTICS_RELEASE_DAYS)


def _alert_staff(*, now: dt.datetime, spent: float, cost: float) -> None:
    budget = settings.STATISTICS_EPSILON_PER_YEAR
    logger.error(
        "No release of the public figures: it would cost epsilon %.2f, and %.2f of the yearly "
        "budget of %.2f is spent over the last 365 days.",
        cost,
        spent,
        budget,
    )
    oldest = (
        Release.objects.filter(released_at__gt=now - BUDGET_WINDOW)
        .order_by("released_at")
        .values_list("released_at", flat=True)
        .first()
    )
    context = {
        "cost": cost,
        "spent": spent,
        "budget": budget,
        "frees_at": oldest + BUDGET_WINDOW if oldest else None,
    }
    staff = get_user_model().objects.filter(is_staff=True, is_active=True)
    for user in staff:
        email_enqueue(
            # One alert a day at most, however often beat finds the budget spent.
            key=f"releases.budget:{now.date().isoformat()}:{user.pk}",
            to=user.email,
            rendered=email_render(
                kind="releases_budget_spent",
                context=context,
                language=getattr(user, "language", None) or None,
            ),
        )


# Any fixed number: the key of the advisory lock that publishers take in turn.
_LEDGER_LOCK = 0x52454C45


def _lock_the_ledger() -> None:
    """Two publishers at once (beat and an operator's command) wait for each other here, so
    the second sees what the first spent. SQLite lets one writer in at a time anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LEDGER_LOCK])


def release_publish(*, now: dt.datetime | None = None) -> list[Release]:
    """Publish one release of every scope now, if the yearly privacy budget allows; otherwise
    publish nothing and alert staff. Returns the new releases."""
    now = now or timezone.now()
    plan = release_plan()
    epsilon = settings.STATISTICS_EPSILON
    cost = epsilon * len(plan)
    with transaction.atomic():
        _lock_the_ledger()
        spent = Release.objects.epsilon_spent(now=now)
        if spent + cost > settings.STATISTICS_EPSILON_PER_YEAR + 1e-9:
            _alert_staff(now=now, spent=spent, cost=cost)
            return []
        releases = [
            Release.objects.create(
                scope=scope,
                released_at=now,
                epsilon=epsilon,
                delta=0.0,
                data=producer.compute(scope=scope, epsilon=epsilon, now=now),
            )
            for producer, scope in plan
        ]
        changed(PAGE_AREA)
    logger.info("Published %d releases at epsilon %.2f each.", len(releases), epsilon)
    return releases


def release_publish_due(*, now: dt.datetime | None = None) -> list[Release]:
    now = now or timezone.now()
    if not release_due(now=now):
        return []
    return release_publish(now=now)
