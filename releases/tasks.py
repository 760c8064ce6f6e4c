from celery import shared_task

from releases import services


@shared_task
def publish_due() -> int:
    return len(services.release_publish_due())
