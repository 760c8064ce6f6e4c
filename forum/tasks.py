"""Thin periodic tasks for the forum; Celery beat runs them (see CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from forum import digests, services


@shared_task
def digests_enqueue() -> int:
    # Safe to run at any time and as often as wanted: each digest has its own outbox key.
    return digests.digests_enqueue()


@shared_task
def series_extend_all() -> int:
    return services.series_extend_all()


@shared_task
def update_reminders_enqueue() -> int:
    # Safe to run at any time: one outbox key per meeting and member.
    return services.update_reminders_enqueue()
