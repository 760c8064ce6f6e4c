from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReleasesConfig(AppConfig):
    name = "releases"
    verbose_name = _("Releases of public figures")

    def ready(self) -> None:
        import pagecache
        from releases.services import PAGE_AREA

        pagecache.register_area(PAGE_AREA)
