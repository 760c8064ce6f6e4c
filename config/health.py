"""Health checks for /health/: the database, the cache and the Celery broker."""

import dataclasses
import datetime

from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable

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
