"""Thin tasks: a service call, done."""

from celery import shared_task

from initiatives.calls import services


@shared_task
def send_reminders() -> int:
    # Idempotent: each reminder's outbox key names the call or proposal and the person.
    return services.reminders_send()
