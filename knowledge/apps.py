from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Knowledge centre")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_migrate, post_save

        import pagecache
        from accounts import hooks
        from knowledge import next_steps, privacy
        from knowledge.helpdesk import setup as helpdesk
        from knowledge.models import SearchSynonyms
        from knowledge.search import upkeep
        from notifications import topics
        from taxonomy.models import Iso26000Subject, Sector, Theme

        # What the search engines index beside the practices' own text (knowledge/search/).
        post_migrate.connect(upkeep.after_migrate, sender=self)
        for model in (Theme, Iso26000Subject, Sector):
            post_save.connect(upkeep.taxonomy_saved, sender=model)
        post_save.connect(upkeep.synonyms_saved, sender=SearchSynonyms)
        post_delete.connect(upkeep.synonyms_saved, sender=SearchSynonyms)

        pagecache.register_area("knowledge")
        helpdesk.ready()
        hooks.register_personal_data(privacy.ENTRY)
        next_steps.register()
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
