from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from releases.services import release_publish


class Command(BaseCommand):
    help = "Publish a release of every public figure now, within the yearly privacy budget."

    def handle(self, *args: object, **options: object) -> None:
        releases = release_publish()
        if not releases:
            raise CommandError(
                _("Nothing was published: the yearly privacy budget would be overspent.")
            )
        for release in releases:
            self.stdout.write(
                _("Published %(scope)s at epsilon %(epsilon)s.")
                % {"scope": release.scope, "epsilon": release.epsilon}
            )
