"""Thin tasks: ids in, a service call, done."""

from celery import shared_task
from django.conf import settings

from notifications import delivery


@shared_task(acks_late=True)
def send_batch(ids: list[int]) -> int:
    # Idempotent: rows are claimed with a conditional update before they are sent.
    return delivery.outbox_send(ids=ids)


@shared_task
def dispatch_due() -> int:
    batches = delivery.outbox_due_batches()
    for batch in batches:
        send_batch.delay(batch)
    return len(batches)


@shared_task
def purge_old() -> int:
    return delivery.outbox_purge(
        older_than_days=settings.OUTBOX_RETENTION_DAYS,
        secret_older_than_hours=settings.OUTBOX_SECRET_RETENTION_HOURS,
    )
