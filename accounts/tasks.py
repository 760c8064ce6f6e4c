from celery import shared_task

from accounts import services


@shared_task
def purge_invitations() -> int:
    return services.invitations_purge()


@shared_task
def purge_sessions() -> int:
    return services.sessions_purge()
