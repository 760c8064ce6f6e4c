from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Knowledge centre")

    def ready(self) -> None:
        from notifications import topics

        topics.register("knowledge.alerts", _("Saved-search alerts from the knowledge centre"))
        topics.register("knowledge.submissions", _("News about practices you suggested"))
