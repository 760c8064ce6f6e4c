from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Multistakeholder Forum")

    def ready(self) -> None:
        import pagecache
        from accounts import hooks
        from forum import privacy
        from notifications import topics

        pagecache.register_area("forum")
        hooks.register_personal_data(privacy.ENTRY)
        # On at first: what follows from joining a body or registering (docs/email.md).
        topics.register(
            "forum.digest",
            _("Forum digest"),
            on_at_first=True,
            note=_("weekly, for each Forum body you join"),
            changed_at="forum:me",
        )
        topics.register("forum.reminders", _("Forum meeting reminders"), on_at_first=True)
        topics.register("forum.minutes", _("Forum minutes and summary notes"))
        topics.register(
            "forum.meetings", _("Forum registrations and meeting changes"), on_at_first=True
        )
        topics.register(
            "forum.recommendations", _("Responses to Forum recommendations"), on_at_first=True
        )
        # Work given to the person in a body they joined: it follows from what they do.
        topics.register("forum.actions", _("Forum action items given to you"), on_at_first=True)
        # The answer to the person's own request to join a body.
        topics.register("forum.joining", _("Answers to your requests to join"), on_at_first=True)
        # The secretariat's news from the role given: someone asks to join a body they run.
        topics.register(
            "forum.join-requests",
            _("Requests to join the bodies whose secretariat you are"),
            on_at_first=True,
        )
        # Asked of the person as a member of a body that collects updates, like action items.
        topics.register(
            "forum.updates", _("Reminders to send your activity update"), on_at_first=True
        )
        # Circulated with the agenda to every member, informed-only included (issue 15): the
        # paper is the meeting's working document, so it is on until the person turns it off.
        topics.register(
            "forum.update_papers", _("Forum update papers of members' activities"), on_at_first=True
        )
