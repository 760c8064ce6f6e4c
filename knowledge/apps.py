from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Knowledge centre")

    def ready(self) -> None:
        import pagecache
        from accounts import hooks
        from knowledge import next_steps, privacy
        from notifications import topics

        pagecache.register_area("knowledge")
        hooks.register_personal_data(privacy.ENTRY)
        next_steps.register()
        # Alerts come only for searches the person saved; news only about what they suggested.
        topics.register(
            "knowledge.alerts", _("Saved-search alerts from the knowledge centre"), on_at_first=True
        )
        topics.register(
            "knowledge.submissions", _("News about practices you suggested"), on_at_first=True
        )
