from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Knowledge centre")

    def ready(self) -> None:
        import pagecache
        from accounts import hooks
        from knowledge import privacy
        from notifications import topics

        pagecache.register_area("knowledge")
        hooks.register_personal_data(privacy.ENTRY)
        self._quick_scan_ready()
        # Alerts come only for searches the person saved; news only about what they suggested.
        topics.register(
            "knowledge.alerts", _("Saved-search alerts from the knowledge centre"), on_at_first=True
        )
        topics.register(
            "knowledge.submissions", _("News about practices you suggested"), on_at_first=True
        )

    def _quick_scan_ready(self) -> None:
        from accounts import hooks, panels
        from knowledge.scan import admin, release  # noqa: F401 — the admin registers itself
        from knowledge.scan import privacy as scan_privacy
        from knowledge.scan.start import organisation_panel
        from releases import registry

        panels.register(organisation_panel)
        hooks.register_personal_data(scan_privacy.ENTRY)
        # Publishes nothing unless the operator sets QUICK_SCAN_PUBLISH_FIGURES.
        registry.register(release.SCOPE_PREFIX, compute=release.compute, scopes=release.scopes)
