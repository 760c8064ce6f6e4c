from celery import shared_task

from alliance import services


@shared_task
def refresh_statistics() -> int:
    return services.statistics_refresh().pk
