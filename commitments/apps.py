from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "commitments"
    verbose_name = _("Sector commitments")

    def ready(self) -> None:
        import pagecache
        from accounts import hooks
        from commitments import panels as commitments_panels
        from commitments import privacy
        from commitments.dashboard import SCOPE_PREFIX, dashboard_compute, dashboard_scopes
        from commitments.services import TOPIC_FOLLOWING, TOPIC_REMINDERS, TOPIC_REVIEW
        from knowledge import panels
        from notifications import topics
        from releases import registry

        pagecache.register_area("commitments")
        from commitments.initiative_links import KIND as ACTION_LINKS
        from initiatives import links

        links.register(ACTION_LINKS)
        hooks.register_personal_data(privacy.ENTRY)
        # An organisation's name shows on its public pledges.
        hooks.register_organisation_shown_in("commitments")
        # "Serves DESIGN-MTS action 1.2" on a practice's page and on its result in the library.
        panels.register_section(commitments_panels.practice_section, areas=["commitments"])
        panels.register_labels(commitments_panels.practice_labels, areas=["commitments"])
        registry.register(SCOPE_PREFIX, compute=dashboard_compute, scopes=dashboard_scopes)
        # All follow from what the person's organisation pledged or what they chose to follow.
        topics.register(
            TOPIC_REMINDERS, _("Reminders of progress reports falling due"), on_at_first=True
        )
        topics.register(
            TOPIC_REVIEW, _("Reviews of your organisation's progress reports"), on_at_first=True
        )
        topics.register(
            TOPIC_FOLLOWING, _("Status changes of actions and pledges you follow"), on_at_first=True
        )
