from typing import Any

from django.apps import AppConfig
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def create_cache_table(using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """After ``migrate``: the cache's table when the cache lives in the database (no
    ``REDIS_URL``); nothing when it lives in Redis."""
    call_command("createcachetable", database=using, verbosity=0)


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from accounts import hooks

        post_migrate.connect(create_cache_table, sender=self)

        hooks.register_not_personal(
            "portal.ContactDetails",
            "the operator's public contact address, shown to everyone on the contact page",
        )
