from celery import shared_task

from knowledge import services


@shared_task
def send_alerts() -> int:
    """Hourly: each saved search gets at most one alert per day or week (see services)."""
    return services.alerts_send()
