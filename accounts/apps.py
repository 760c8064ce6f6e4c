from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from accounts import next_steps, privacy
        from accounts.middleware import session_started

        user_logged_in.connect(session_started, dispatch_uid="accounts.session_started")
        privacy.register()
        next_steps.register(next_steps.organisation_step())
