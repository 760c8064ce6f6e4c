from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self) -> None:
        import pagecache
        from accounts import hooks, panels
        from initiatives import privacy
        from initiatives.calls import setup as calls
        from initiatives.panels import organisation_panel, practice_section
        from initiatives.services import TOPIC_PARTNERS, organisation_deleting
        from knowledge import panels as knowledge_panels
        from notifications import topics

        pagecache.register_area("initiatives")
        panels.register(organisation_panel)
        knowledge_panels.register_section(practice_section, areas=["initiatives"])
        hooks.register_organisation_deleting(organisation_deleting)
        # An organisation's name shows on its published initiatives and those it is partner in.
        hooks.register_organisation_shown_in("initiatives")
        hooks.register_personal_data(privacy.ENTRY)
        calls.ready()
        # It asks the organisation's administrators to act, as an invitation does.
        topics.register(
            TOPIC_PARTNERS,
            _("Requests to confirm that your organisation is a partner in an initiative"),
            on_at_first=True,
        )
