"""Thin tasks: a service call, done."""

from celery import shared_task

from commitments import services


@shared_task
def send_reminders() -> int:
    # Idempotent: each reminder's outbox key names the framework, period, organisation and person.
    return services.reminders_send()
