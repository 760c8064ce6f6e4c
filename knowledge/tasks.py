from celery import shared_task

from knowledge import services


@shared_task
def send_alerts() -> int:
    """Hourly: each saved search gets at most one alert per day or week (see services)."""
    return services.alerts_send()


@shared_task
def rebuild_search_vocabulary() -> int:
    """Daily: drop the "did you mean" words of withdrawn practices and recount the rest."""
    return services.search_vocabulary_rebuild()
