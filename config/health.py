"""Health checks for /health/: the database, the cache, the Celery broker and, when one is
configured, the read replica."""

import dataclasses
import datetime
from typing import Any

from django.db import connections
from django.http import HttpRequest, HttpResponse
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable, ServiceWarning
from health_check.views import HealthCheckView

from config import replica
from config.celery import app


@dataclasses.dataclass
class Broker(HealthCheck):
    """Open a connection to the Celery broker (Redis in production, memory in development)."""

    timeout: datetime.timedelta = dataclasses.field(
        default=datetime.timedelta(seconds=3), repr=False
    )

    def run(self) -> None:
        try:
            with app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1, timeout=self.timeout.total_seconds())
        except Exception as exc:
            raise ServiceUnavailable("Broker unavailable") from exc


@dataclasses.dataclass
class Replica(HealthCheck):
    """The read replica, measured now: up, down or lagging (with its lag).

    A replica that is down or lagging is a warning, not a failure: its reads go to the primary
    and the portal serves on (``HealthView`` answers 200 while only warnings are raised).
    """

    timeout: datetime.timedelta = dataclasses.field(
        default=datetime.timedelta(seconds=4), repr=False
    )

    def run(self) -> None:
        try:
            found = replica.refresh()
        finally:
            # Checks run in the view's executor threads, outside any request's clean-up.
            connections.close_all()
        if not found.serves:
            raise ServiceWarning(f"{found.describe()}; reads go to the primary")


class HealthView(HealthCheckView):
    """django-health-check's view, where a warning (a replica down or lagging) leaves the
    answer 200: the portal is degraded, not down."""

    def _failing(self) -> bool:
        return any(
            result.error and not isinstance(result.error, ServiceWarning) for result in self.results
        )

    async def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = await super().get(request, *args, **kwargs)
        if response.status_code == 500 and not self._failing():
            response.status_code = 200
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "errors": self._failing()}
