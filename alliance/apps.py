from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AllianceConfig(AppConfig):
    name = "alliance"
    verbose_name = _("European Alliance for CSR")

    def ready(self) -> None:
        import pagecache
        from accounts import hooks, panels
        from alliance import privacy
        from alliance.panels import declare_support_lead, organisation_panel
        from alliance.selectors import COALITIONS_SCOPE, STATISTICS_SCOPE
        from alliance.services import coalitions_compute, organisation_deleting, statistics_compute
        from alliance.start import next_steps_register
        from releases import registry

        pagecache.register_area("alliance")
        panels.register(organisation_panel)
        panels.register_lead(declare_support_lead)
        hooks.register_organisation_deleting(organisation_deleting)
        # An organisation's name shows on its published profile.
        hooks.register_organisation_shown_in("alliance")
        hooks.register_personal_data(privacy.ENTRY)
        registry.register(STATISTICS_SCOPE, compute=statistics_compute)
        registry.register(COALITIONS_SCOPE, compute=coalitions_compute)
        next_steps_register()
        from alliance.initiative_links import KIND as COALITION_LINKS
        from initiatives import links

        links.register(COALITION_LINKS)
