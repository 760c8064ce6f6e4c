from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AllianceConfig(AppConfig):
    name = "alliance"
    verbose_name = _("European Alliance for CSR")

    def ready(self) -> None:
        from accounts import panels
        from alliance.panels import organisation_panel

        panels.register(organisation_panel)
