from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts import services
from accounts.models import User, normalise_email


class Command(BaseCommand):
    help = (
        "Print a one-time link with which a staff account sets up its second factor (the first "
        "superuser's way in; anyone who may run this command holds the server anyway)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("email")

    def handle(self, *args: object, **options: object) -> None:
        user = User.objects.filter(email=normalise_email(str(options["email"]))).first()
        if user is None:
            raise CommandError(_("No account has that email address."))
        try:
            url = services.staff_enrolment_issue(user=user, by=None)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(url)
