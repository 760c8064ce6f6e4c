from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from accounts import hooks

        hooks.register_not_personal(
            "portal.ContactDetails",
            "the operator's public contact address, shown to everyone on the contact page",
        )
