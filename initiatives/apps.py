from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self) -> None:
        import pagecache
        from initiatives.calls import setup as calls

        pagecache.register_area("initiatives")
        calls.ready()
